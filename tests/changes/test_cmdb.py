"""S13: a change authorises edits to its assets; completing it applies its recorded updates."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.assets import services as assets
from app.assets.models import Asset, AssetChange
from app.changes import services
from app.changes.labels import event_params_text
from app.contracts.services import get_contract
from app.extensions import db
from tests.changes.helpers import NOW, data, new_change, register, step, user


@pytest.fixture
def ctx(app):
    """A request context: the register's messages are translated."""
    with app.test_request_context():
        yield
        db.session.remove()


def history(tag: str) -> list[AssetChange]:
    asset = db.session.scalar(sa.select(Asset).where(Asset.tag == tag))
    return db.session.scalars(
        sa.select(AssetChange).where(AssetChange.asset_id == asset.id).order_by(AssetChange.id)
    ).all()


def test_unknown_asset_is_refused_and_nothing_saved(ctx, users):
    register("PRN-0003")
    with pytest.raises(services.ChangeError) as caught:
        new_change(asset_tags=["PRN-0003", "PRN-9999"])
    assert caught.value.fields["assets"] == "Unknown asset: PRN-9999."


def test_completion_applies_updates_with_the_change_number(ctx, users):
    register("PRN-0003", location="B2 2F")
    change = new_change(asset_tags=["prn-0003"], asset_updates={"prn-0003": {"location": "B2 3F"}})
    assert change.asset_tags == ["PRN-0003"]
    step(change, "submit", "approve", "schedule", "start")
    step(change, "complete")
    line = [h for h in history("PRN-0003") if h.field == "location"][-1]
    assert (line.old_value, line.new_value, line.authorized_by) == ("B2 2F", "B2 3F", change.number)
    completed = change.events[-1]
    assert (completed.params, completed.note) == ({"assets": ["PRN-0003"]}, "done")
    with force_locale("zh"):
        assert event_params_text(completed) == "资产台账已更新：PRN-0003"
    with force_locale("en"):
        assert event_params_text(completed) == "Asset register updated: PRN-0003"


def test_an_edit_names_the_fields_it_changed_in_the_readers_words(ctx, users):
    change = new_change(title="Move the printer")
    services.update_change(
        change,
        data(title="Move the floor printer", backout_plan="Move it back"),
        actor=user("agent"),
        now=NOW,
        contract=get_contract(),
    )
    edited = change.events[-1]
    assert edited.params == {"fields": ["backout_plan", "title"]}
    with force_locale("zh"):
        assert event_params_text(edited) == "已修改：回退计划, 标题"
    with force_locale("en"):
        assert event_params_text(edited) == "Changed: Backout plan, Title"


def test_the_change_authorises_only_while_approved_and_only_its_assets(ctx, users):
    printer, other = register("PRN-0003", "PRN-0004")
    change = new_change(asset_tags=["PRN-0003"])
    with pytest.raises(assets.AssetError):  # a draft authorises nothing
        assets.update_asset(
            printer, {"location": "X"}, actor=user("engineer"), now=NOW, authorized_by=change.number
        )
    step(change, "submit", "approve")
    assets.update_asset(
        printer, {"location": "X"}, actor=user("engineer"), now=NOW, authorized_by=change.number
    )
    with pytest.raises(assets.AssetError):
        assets.update_asset(
            other, {"location": "X"}, actor=user("engineer"), now=NOW, authorized_by=change.number
        )
    step(change, "schedule", "start", "fail")
    with pytest.raises(assets.AssetError):  # a failed change no longer authorises
        assets.update_asset(
            printer, {"location": "Y"}, actor=user("engineer"), now=NOW, authorized_by=change.number
        )


def test_an_update_the_register_refuses_leaves_the_change_running(app, login_as, users):
    with app.app_context():
        register("PRN-0003")
        change = step(
            new_change(asset_tags=["PRN-0003"], asset_updates={"PRN-0003": {"status": "lost"}}),
            "submit",
            "approve",
            "schedule",
            "start",
        )
        db.session.commit()
        number = change.number
    response = login_as("agent").form(f"/changes/{number}/act", {"action": "complete"})
    assert response.status_code == 422
    assert "asset register refused" in response.get_data(as_text=True)
    with app.app_context():
        from app.changes.models import Change

        assert db.session.scalar(sa.select(Change.status)) == "in_progress"


def test_the_asset_page_shows_the_change_in_its_history(app, login_as, users):
    with app.test_request_context():
        register("PRN-0003", location="B2 2F")
        change = step(
            new_change(asset_tags=["PRN-0003"], asset_updates={"PRN-0003": {"location": "B2 3F"}}),
            "submit",
            "approve",
            "schedule",
            "start",
            "complete",
        )
        db.session.commit()
        number = change.number
    page = login_as("agent").get("/assets/PRN-0003").get_data(as_text=True)
    assert number in page and "B2 3F" in page
