"""Documents made through the real services, for the tests."""

from app.documents import services
from app.documents.rules import local_day
from app.extensions import db, utcnow
from tests.factories import person


def document(title="服务台流程", kind="process", visibility="staff", owner="manager", text=""):
    actor = person("manager")
    made = services.create(
        services.DocumentInput(
            title=title,
            kind=kind,
            visibility=visibility,
            owner_id=person(owner).id if owner else None,
            review_months=12,
        ),
        actor=actor,
        now=utcnow(),
        today=local_day(utcnow()),
    )
    if text:
        services.add_version(
            made, note="初稿", body_markdown=text, max_bytes=10 << 20, actor=actor, now=utcnow()
        )
    db.session.flush()
    return made
