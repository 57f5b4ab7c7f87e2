"""What a directory entry means for an account: table-driven, plus properties of the role."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.accounts.directory_map import (
    DEFAULT_ATTRIBUTES,
    attribute_map,
    is_disabled,
    normalise_dn,
    person_from_entry,
    role_for,
)
from app.accounts.roles import ROLES

GROUP_ROLES = {
    "CN=Approvers,OU=Groups,DC=corp,DC=cn": "approver",
    "cn=IT Desk,ou=Groups,dc=corp,dc=cn": "agent",
    "cn=Nonsense,dc=corp,dc=cn": "superuser",  # not a role: ignored
}


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ((), "employee"),
        (("cn=approvers, ou=groups, dc=corp, dc=cn",), "approver"),
        (("cn=it desk,ou=groups,dc=corp,dc=cn", "CN=Approvers,OU=Groups,DC=corp,DC=cn"), "agent"),
        (("cn=nonsense,dc=corp,dc=cn",), "employee"),
        (("cn=canteen,dc=corp,dc=cn",), "employee"),
    ],
)
def test_role_for(groups, role):
    assert role_for(groups, GROUP_ROLES) == role


def test_default_role_is_configurable_but_must_be_a_role():
    assert role_for((), {}, "approver") == "approver"
    assert role_for((), {}, "root") == "employee"


@given(st.lists(st.sampled_from(sorted(GROUP_ROLES) + ["cn=x,dc=y"]), max_size=5))
def test_more_groups_never_narrow_the_role(groups):
    base = role_for(groups, GROUP_ROLES)
    wider = role_for([*groups, "CN=Approvers,OU=Groups,DC=corp,DC=cn"], GROUP_ROLES)
    assert ROLES.index(wider) >= ROLES.index(base)
    assert base in ROLES


@pytest.mark.parametrize(
    ("flags", "disabled"),
    [(None, False), ("512", False), ([514], True), ("66050", True), ("abc", False), (2, True)],
)
def test_disabled_flag(flags, disabled):
    assert is_disabled(flags) is disabled


def test_entry_becomes_a_person():
    person = person_from_entry(
        "CN=Zhang Wei,OU=People,DC=corp,DC=cn",
        {
            "displayName": ["张伟"],
            "MAIL": "Zhang.Wei@Corp.CN",
            "telephoneNumber": [],
            "physicalDeliveryOfficeName": "上海",
            "memberOf": ["CN=Approvers,OU=Groups,DC=corp,DC=cn"],
            "userAccountControl": 512,
        },
        attribute_map({"phone": "mobile"}),
    )
    assert person.email == "zhang.wei@corp.cn" and person.name == "张伟"
    assert person.phone == "" and person.location == "上海" and not person.disabled
    assert person.groups == ("CN=Approvers,OU=Groups,DC=corp,DC=cn",)


def test_entry_without_mail_is_skipped():
    assert person_from_entry("cn=svc,dc=corp", {"displayName": "svc"}, DEFAULT_ATTRIBUTES) is None


def test_normalise_dn():
    assert normalise_dn("CN=A B , OU=X,DC=corp") == normalise_dn("cn=a b,ou=x,dc=corp")
