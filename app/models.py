"""Imports every domain's tables so Alembic and the app see the whole schema."""

import app.assets.models  # noqa: F401
import app.changes.models  # noqa: F401
import app.installations.models  # noqa: F401
from app.access.models import AccessGrant, SecurityMeasure  # noqa: F401
from app.accounts.models import ApiToken, Department, LoginThrottle, User  # noqa: F401
from app.audit.models import AuditEvent  # noqa: F401
from app.chat.models import ChatMessage, ChatRobot, Notification  # noqa: F401
from app.clocks.models import (  # noqa: F401
    CalendarDefinition,
    CalendarOverride,
    HolidayDate,
    HolidayYear,
)
from app.complaints.models import Complaint, ComplaintEvent, ComplaintStep  # noqa: F401
from app.contracts.models import Contract  # noqa: F401
from app.documents.models import Document, DocumentLink, DocumentVersion  # noqa: F401
from app.escalations.models import (  # noqa: F401
    Escalation,
    EscalationStep,
    EscalationTrigger,
    MatrixLevel,
)
from app.improvements.models import Improvement  # noqa: F401
from app.jobs.models import BackgroundJob  # noqa: F401
from app.knowledge.models import (  # noqa: F401
    Article,
    ArticleFeedback,
    ArticleText,
    ArticleVersion,
    CannedResponse,
    Deflection,
)
from app.mail.models import InboundMessage, OutboxMessage  # noqa: F401
from app.meetings.models import ActionItem, Meeting, MeetingSchedule  # noqa: F401
from app.notices.models import ClientNotice, Notice, NoticeDismissal  # noqa: F401
from app.onboarding.models import Checklist, ChecklistItem, TemplateItem  # noqa: F401
from app.problems.models import (  # noqa: F401
    Problem,
    ProblemChange,
    ProblemEvent,
    ProblemIncident,
    ProblemParty,
    ProblemWhy,
    RecurrenceCandidate,
    RecurrenceDismissal,
)
from app.reports.models import ServiceReport  # noqa: F401
from app.sequences import Counter  # noqa: F401
from app.settlements.models import (  # noqa: F401
    PriceList,
    SettlementEvent,
    SettlementLine,
    SettlementSheet,
    StaffAssignment,
)
from app.sla.models import (  # noqa: F401
    BreachReason,
    EscalationLevel,
    SlaNotification,
    SlaWatch,
)
from app.surveys.models import (  # noqa: F401
    Answer,
    Campaign,
    Invitation,
    Question,
    Questionnaire,
    Response,
)
from app.tickets.models import (  # noqa: F401
    Attachment,
    CatalogItem,
    SavedView,
    Ticket,
    TicketEvent,
    TicketLink,
    TicketWatcher,
    VendorCase,
)
from app.training.models import (  # noqa: F401
    Attendance,
    TrainingPlan,
    TrainingSession,
)
