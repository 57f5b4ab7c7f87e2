"""Register services: authorised change (S13), append-only history, relations, RMA, audits."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.assets import audits, queries, relations, rmas, security, services
from app.assets.history import HistoryIsAppendOnly
from app.assets.models import AssetChange
from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets.actions import cancel
from app.web import hooks
from tests.assets.conftest import LAPTOP_TICKET, NOW, make_asset, person
from tests.factories import open_ticket


def laptop():
    return queries.get_by_tag("LAP-000001")


def history_of(asset) -> list[AssetChange]:
    return list(reversed(queries.history(asset)))


def test_a_change_without_authority_is_refused(ctx, register):
    for authorized_by in (None, "", "INC-2099-000001", "nonsense"):
        with pytest.raises(services.AssetError) as refused:
            services.update_asset(
                laptop(), {"location": "B 3F"}, actor=person("engineer"), now=NOW,
                authorized_by=authorized_by,
            )  # fmt: skip
        assert refused.value.code == "not_authorised"
        assert "authorized_by" in refused.value.fields
    db.session.rollback()
    assert laptop().location == ""


def test_a_ticket_authorises_what_it_lists_unless_cancelled(ctx, register):
    other = open_ticket(assets=["MON-000001"], now=NOW, commit=False, **LAPTOP_TICKET)
    with pytest.raises(services.AssetError, match="does not list"):
        services.update_asset(
            laptop(), {"location": "B 3F"}, actor=person("engineer"), now=NOW,
            authorized_by=other.number,
        )  # fmt: skip
    diff = services.update_asset(
        laptop(),
        {"location": "B 3F", "parameters": {"ip": "10.0.0.5"}},
        actor=person("engineer"),
        now=NOW,
        authorized_by=register["ticket"].lower(),
        note="moved desk",
    )
    assert diff == {"location": ["", "B 3F"], "parameters.ip": [None, "10.0.0.5"]}
    lines = [line for line in history_of(laptop()) if line.field in diff]
    assert {(line.field, line.authorized_by, line.note) for line in lines} == {
        ("location", register["ticket"], "moved desk"),
        ("parameters.ip", register["ticket"], "moved desk"),
    }
    ticket = db.session.scalar(
        sa.select(type(other)).where(type(other).number == register["ticket"])
    )
    cancel(ticket, actor=person("employee"), now=NOW, contract=get_contract())
    with pytest.raises(services.AssetError):
        services.update_asset(
            laptop(), {"location": "C 1F"}, actor=person("engineer"), now=NOW,
            authorized_by=register["ticket"],
        )  # fmt: skip


def test_other_domains_register_their_authoriser(ctx, register, monkeypatch):
    monkeypatch.setitem(services._authorizers, "CHG", lambda number, tag: tag == "LAP-000001")
    services.update_asset(
        laptop(), {"status": "in_repair"}, actor=person("engineer"), now=NOW,
        authorized_by="CHG-2026-000004",
    )  # fmt: skip
    assert history_of(laptop())[-1].authorized_by == "CHG-2026-000004"


def test_only_managers_record_an_unauthorised_change_found_in_audit(ctx, register):
    with pytest.raises(services.AssetError):
        services.update_asset(
            laptop(), {"model": "T16"}, actor=person("engineer"), now=NOW, authorized_by=None,
            unauthorised_found_in_audit=True,
        )  # fmt: skip
    services.update_asset(
        laptop(), {"model": "T16"}, actor=person("manager"), now=NOW, authorized_by=None,
        unauthorised_found_in_audit=True,
    )  # fmt: skip
    line = history_of(laptop())[-1]
    assert (line.field, line.old_value, line.new_value) == ("model", "ThinkPad T14", "T16")
    assert line.unauthorised and line.authorized_by is None


def test_history_is_append_only(ctx, register):
    line = history_of(laptop())[0]
    line.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(HistoryIsAppendOnly):
        db.session.delete(history_of(laptop())[0])
        db.session.flush()
    db.session.rollback()
    for statement in (sa.update(AssetChange).values(note="x"), sa.delete(AssetChange)):
        with pytest.raises(HistoryIsAppendOnly):
            db.session.execute(statement)
    db.session.rollback()
    with pytest.raises(sa.exc.DatabaseError):  # the database refuses too
        db.session.execute(sa.text("UPDATE asset_changes SET note = 'x'"))
    db.session.rollback()
    assert all(line.note != "x" for line in history_of(laptop()))


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"tag": "LAP-000001"}, "tag", "already registered"),
        ({"tag": "lap 2"}, "tag", "letters, digits"),
        ({"owner": "nobody@client.test"}, "owner", "No active user"),
        ({"warranty_end": "2026-02-30"}, "warranty_end", "not a real date"),
        ({"purchase_cost": "-5"}, "purchase_cost", "negative"),
        ({"type": "toaster"}, "type", "No asset type"),
        ({"parameters": {"ip": "10.0.0.999"}}, "parameters.ip", "not an IP"),
        ({"parameters": {"colour": "red"}}, "parameters.colour", "no parameter colour"),
        ({"status": "lost"}, "status", "One of"),
    ],
)
def test_bad_input_is_refused_with_a_reason(ctx, register, values, field, text):
    with pytest.raises(services.AssetError) as refused:
        make_asset(values.pop("tag", "LAP-000002"), **values)
    assert text in refused.value.fields[field]


def test_relations_refuse_self_and_duplicates(ctx, register):
    monitor = queries.get_by_tag("MON-000001")
    engineer = person("engineer")
    for target, kind, problem in [
        (laptop(), "set_member", "self"),
        (monitor, "set_member", "duplicate"),
        (monitor, "runs", "categories"),
    ]:
        with pytest.raises(services.AssetError) as refused:
            relations.add_relation(laptop(), kind, target, actor=engineer, now=NOW)
        assert refused.value.code == problem
    with pytest.raises(services.AssetError) as refused:  # the other way round is the same link
        relations.add_relation(monitor, "set_member", laptop(), actor=engineer, now=NOW)
    assert refused.value.code == "duplicate"


def test_a_set_of_equipment_follows_links(ctx, register):
    dock = make_asset("DOCK-000001", "other_device")
    printer = make_asset("PRN-000001", "network_printer")
    engineer = person("engineer")
    relations.add_relation(
        dock, "set_member", queries.get_by_tag("MON-000001"), actor=engineer, now=NOW
    )
    relations.add_relation(printer, "set_member", dock, actor=engineer, now=NOW)
    tags = [a.tag for a in queries.equipment_set(laptop())]
    assert tags == ["DOCK-000001", "LAP-000001", "MON-000001", "PRN-000001"]
    relation = queries.relations(printer)[0]
    relations.remove_relation(relation, actor=engineer, now=NOW)
    assert "PRN-000001" not in [a.tag for a in queries.equipment_set(laptop())]
    assert history_of(printer)[-1].old_value == "DOCK-000001"


def test_owned_devices_feed_the_request_form(ctx, register):
    make_asset("LAP-000009", owner="emp@client.test", status="retired")
    assert hooks.owned_asset_tags(person("employee")) == [
        ("LAP-000001", "笔记本电脑 · ThinkPad T14 (LAP-000001)")  # no request: the default language
    ]
    assert hooks.owned_asset_tags(person("agent")) == []


def test_tickets_that_touched_an_asset(ctx, register):
    make_asset("LAP-0000010", owner="emp@client.test")  # a tag that begins like the laptop's
    open_ticket(assets=["LAP-0000010"], now=NOW, commit=False, **LAPTOP_TICKET)
    other = open_ticket(assets=["lap-000001"], now=NOW, commit=False, **LAPTOP_TICKET)
    numbers = [t.number for t in queries.tickets_for("LAP-000001")]
    assert numbers == [other.number, register["ticket"]]


def test_rma_out_of_warranty_is_paid_by_the_client(ctx, register):
    asset = laptop()
    services.update_asset(
        asset, {"warranty_end": "2026-01-31"}, actor=person("engineer"), now=NOW,
        authorized_by=register["ticket"],
    )  # fmt: skip
    values = {
        "ticket": register["ticket"],
        "vendor": "Lenovo",
        "rma_number": "R1",
        "sent_on": "2026-05-02",
    }
    rma = rmas.open_rma(asset, values, actor=person("engineer"), now=NOW, today=date(2026, 5, 2))
    assert (asset.status, rma.in_warranty, rma.paid_by_client) == ("at_vendor", False, True)
    with pytest.raises(services.AssetError, match="already at the vendor"):
        rmas.open_rma(asset, values, actor=person("engineer"), now=NOW, today=date(2026, 5, 2))
    with pytest.raises(services.AssetError):
        rmas.return_rma(rma, {"returned_on": "2026-05-01"}, actor=person("engineer"), now=NOW)
    rmas.return_rma(
        rma,
        {
            "returned_on": "2026-05-20",
            "cost": "1,280",
            "replacement_serial": "SN2",
            "paid_by_client": True,
        },
        actor=person("engineer"),
        now=NOW,
    )
    assert (asset.status, asset.serial) == ("in_use", "SN2")
    rma_lines = [line.field for line in history_of(asset) if line.rma_id == rma.id]
    assert rma_lines == [
        "rma.sent",
        "status",
        "status",
        "serial",
        "rma.returned_on",
        "rma.replacement_serial",
        "rma.cost",
    ]
    costs = queries.rma_costs(date(2026, 5, 1), date(2026, 6, 1))
    assert [(c.asset_tag, c.cost, c.ticket_number) for c in costs] == [
        ("LAP-000001", rma.cost, register["ticket"])
    ]
    assert queries.rma_costs(date(2026, 6, 1), date(2026, 7, 1)) == []


def test_rma_in_warranty_is_not_billed(ctx, register):
    asset = queries.get_by_tag("MON-000001")
    services.update_asset(
        asset, {"warranty_end": "2027-01-31"}, actor=person("engineer"), now=NOW,
        authorized_by=register["ticket"],
    )  # fmt: skip
    values = {"ticket": register["ticket"], "vendor": "Dell", "sent_on": "2026-05-02"}
    rma = rmas.open_rma(asset, values, actor=person("engineer"), now=NOW, today=date(2026, 5, 2))
    rmas.return_rma(
        rma, {"returned_on": "2026-05-09", "cost": "0"}, actor=person("engineer"), now=NOW
    )
    assert rma.in_warranty and not rma.paid_by_client
    assert queries.rma_costs(date(2026, 5, 1), date(2026, 6, 1)) == []


def test_an_audit_reconciles_and_its_tickets_authorise_the_fix(ctx, register):
    for n in (2, 3, 4):
        make_asset(f"LAP-00000{n}", location="A 5F")
    services.update_asset(
        laptop(), {"location": "A 5F"}, actor=person("engineer"), now=NOW,
        authorized_by=register["ticket"],
    )  # fmt: skip
    make_asset("LAP-000009", location="C 1F")
    audit = audits.open_audit(
        "Finance", location="A 5F", department=None, actor=person("manager"), now=NOW
    )
    assert [i.tag for i in audits.items(audit)] == [
        "LAP-000001",
        "LAP-000002",
        "LAP-000003",
        "LAP-000004",
    ]
    engineer = person("engineer")
    audits.check(audit, "lap-000001", present=True, actor=engineer, now=NOW)
    audits.check(audit, "LAP-000002", present=True, found_location="B 2F", actor=engineer, now=NOW)
    audits.check(audit, "LAP-000003", present=False, actor=engineer, now=NOW)
    audits.check(audit, "LAP-000009", present=True, actor=engineer, now=NOW)
    audits.check(audit, "NEW-1", present=True, note="no label", actor=engineer, now=NOW)
    with pytest.raises(services.AssetError):
        audits.check(audit, "NEW-2", present=False, actor=engineer, now=NOW)
    audits.check(audit, "LAP-000003", present=False, note="not at desk", actor=engineer, now=NOW)
    trail = db.session.scalars(
        sa.select(AuditEvent.details)
        .where(AuditEvent.action == "asset.audit_check")
        .order_by(AuditEvent.id)
    ).all()
    assert len(trail) == 6  # every answer, the repeated one too
    assert (trail[2]["tag"], trail[2]["result"]) == ("LAP-000003", ["pending", "absent"])
    assert (trail[5]["result"], trail[5]["note"]) == (["absent", "absent"], "not at desk")
    groups, total = audits.report(audit)
    assert total == 6
    assert [i.tag for i in groups["missing"]] == ["LAP-000003"]
    assert [i.tag for i in groups["pending"]] == ["LAP-000004"]
    assert [i.tag for i in groups["changed"]] == ["LAP-000002"]
    assert [i.tag for i in groups["unexpected"]] == ["LAP-000009", "NEW-1"]
    audits.close_audit(audit, actor=person("manager"), now=NOW)
    groups, _ = audits.report(audit)
    assert [i.tag for i in groups["missing"]] == ["LAP-000003", "LAP-000004"]
    raised = audits.raise_tickets(audit, actor=person("manager"), now=NOW, contract=get_contract())
    assert len(raised) == 5
    assert (
        audits.raise_tickets(audit, actor=person("manager"), now=NOW, contract=get_contract()) == []
    )
    moved = next(i for i in audits.items(audit) if i.tag == "LAP-000002")
    services.update_asset(
        queries.get_by_tag("LAP-000002"), {"location": "B 2F"}, actor=engineer, now=NOW,
        authorized_by=moved.ticket_number,
    )  # fmt: skip


def test_security_overdue_raises_one_ticket_per_finding(ctx, register):
    contract = get_contract()
    today = date(2026, 5, 15)
    make_asset("LAP-000002", antivirus_date=today - timedelta(days=9), patches_missing=2)
    make_asset(
        "LAP-000003", antivirus_date=today - timedelta(days=2), default_password_changed="no"
    )
    make_asset(
        "LAP-000004", password_rotated_on=today - timedelta(days=20), password_rotation_days=14
    )
    make_asset("LAP-000005", antivirus_date=today - timedelta(days=30), status="retired")
    found = {o.asset.tag: o.findings for o in security.overdue(today, contract)}
    assert found == {
        "LAP-000002": ["antivirus_old", "patches_missing"],
        "LAP-000003": ["default_password"],
        "LAP-000004": ["rotation_due"],
    }
    asset = queries.get_by_tag("LAP-000002")
    ticket, created = security.raise_ticket(
        asset, "antivirus_old", actor=person("agent"), now=NOW, contract=contract
    )
    assert (
        created
        and ticket.catalog_item.code == "sec.antivirus"
        and ticket.asset_tags == ["LAP-000002"]
    )
    again, created = security.raise_ticket(
        asset, "antivirus_old", actor=person("agent"), now=NOW, contract=contract
    )
    assert again.number == ticket.number and not created


def test_password_findings_raise_tickets_on_the_security_item_for_passwords(ctx, register):
    """S14: default and unrotated passwords are security-service work, item sec.password."""
    today = date(2026, 5, 15)
    make_asset("LAP-000003", default_password_changed="no")
    make_asset(
        "LAP-000004", password_rotated_on=today - timedelta(days=20), password_rotation_days=14
    )
    for tag, finding in (("LAP-000003", "default_password"), ("LAP-000004", "rotation_due")):
        ticket, created = security.raise_ticket(
            queries.get_by_tag(tag), finding, actor=person("agent"), now=NOW,
            contract=get_contract(),
        )  # fmt: skip
        assert created and ticket.catalog_item.code == "sec.password"
        assert ticket.catalog_item.group == "sec"
