"""A notice by mail through the outbox, one mail per person in their language."""

from flask_babel import gettext as _

from app.mail.outbox import external_url, queue
from app.notices.labels import KIND_LABELS


def notice(notice, people) -> None:
    for person in people:
        queue(
            person,
            "notice",
            subject=lambda ctx: f"{_('Notice')} · {KIND_LABELS[notice.kind]} · {notice.title}",
            headers={"X-Deskpact-Notice": str(notice.id)},
            notice=notice,
            url=external_url("web.home"),
        )
