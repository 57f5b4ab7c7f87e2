"""Review reminders through the outbox (S20): an owner learns which of their documents are
overdue for review, in their own language, in the worker's transaction."""

from flask_babel import gettext as _

from app.mail.outbox import external_url, queue


def reviews_overdue(owner, documents) -> bool:
    message = queue(
        owner,
        "document_review",
        subject=lambda ctx: _("Documents overdue for review: %(n)d", n=len(documents)),
        documents=[
            (d.title, d.next_review_on, external_url("documents.detail", document_id=d.id))
            for d in documents
        ],
    )
    return message is not None
