"""The password rules (ASVS V2.1): length, common passwords, no composition rules."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.accounts.passwords import (
    COMMON,
    MAX_LENGTH,
    MIN_LENGTH,
    PERSONAL,
    TOO_LONG,
    TOO_SHORT,
    normalise,
    password_problems,
)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("short pass", [TOO_SHORT]),
        ("elevenchars", [TOO_SHORT]),
        ("twelve chars", []),
        ("x" * (MAX_LENGTH + 1), [TOO_LONG]),
        ("password1234", [COMMON]),
        ("Password@2026", [COMMON]),
        ("QWERTYUIOP123", [COMMON]),
        ("west lake lanterns", []),  # a phrase of one's own is fine
        ("1234567890123", [COMMON]),
        ("abcabcabcabc", [COMMON]),
        ("zzzzzzzzzzzzzz", [COMMON]),
        ("no digits or capitals at all", []),  # no composition rules
        ("服务台的密码要足够长才行", []),  # any Unicode character counts
        ("zhang.wei.office", [PERSONAL]),
    ],
)
def test_rules(password, problems):
    assert password_problems(password, email="zhang.wei.office@client.test") == problems


def test_own_name_refused():
    assert password_problems("Wang Xiaoming", name="Wang Xiaoming") == [PERSONAL]


def test_nfkc_normalised_length():
    # a full-width digit string normalises to the common "123456789012"
    assert password_problems("１２３４５６７８９０１２") == [COMMON]


@given(st.text(min_size=MIN_LENGTH, max_size=MAX_LENGTH // 4).filter(lambda t: len(set(t)) > 6))
def test_long_varied_passwords_only_fail_for_a_reason(password):
    assert set(password_problems(password)) <= {COMMON, TOO_SHORT, TOO_LONG}


@given(st.text(max_size=MIN_LENGTH - 1).filter(lambda t: len(normalise(t)) < MIN_LENGTH))
def test_anything_shorter_is_refused(password):
    assert password_problems(password) == [TOO_SHORT]
