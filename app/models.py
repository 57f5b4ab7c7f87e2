"""Imports every domain's tables so Alembic and the app see the whole schema."""

from app.accounts.models import ApiToken, Department, LoginThrottle, User  # noqa: F401
from app.audit.models import AuditEvent  # noqa: F401
from app.contracts.models import Contract  # noqa: F401
from app.mail.models import InboundMessage, OutboxMessage  # noqa: F401
from app.tickets.models import (  # noqa: F401
    Attachment,
    CatalogItem,
    Counter,
    Ticket,
    TicketEvent,
    TicketLink,
    VendorCase,
)
from app.worker.models import JobLease  # noqa: F401
