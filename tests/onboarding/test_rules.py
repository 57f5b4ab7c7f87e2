"""Checklist rules: a sign-off needs the named person and no open item."""

from app.onboarding import rules


def test_open_items_block_the_sign_off():
    assert rules.sign_off_refusal(["done", "open"], signed=False, signer_named=True) == "open_items"
    assert rules.sign_off_refusal(["done", "in_progress"], signed=False, signer_named=True)
    assert rules.sign_off_refusal(["done", "not_needed"], signed=False, signer_named=True) is None


def test_only_the_named_person_and_only_once():
    assert rules.sign_off_refusal(["done"], signed=False, signer_named=False) == (
        "not_the_named_person"
    )
    assert rules.sign_off_refusal(["done"], signed=True, signer_named=True) == "already_signed"
    assert rules.sign_off_refusal([], signed=False, signer_named=True) == "empty"


def test_the_default_start_up_items_are_those_of_the_contract():
    codes = [code for code, _side in rules.DEFAULT_ITEMS["onboarding"]]
    assert codes == ["workflows", "manuals", "configuration", "tools", "service_models", "contacts"]
