"""Words people read about group chats: the services and the events a robot can carry."""

from flask_babel import lazy_gettext as _l

from app.chat.transport import DINGTALK, FEISHU, WECOM

SERVICE_LABELS = {WECOM: _l("WeCom"), DINGTALK: _l("DingTalk"), FEISHU: _l("Feishu / Lark")}

DISPATCH = "dispatch"
P1_OPENED = "p1_opened"
SLA_WARNING = "sla_warning"
SLA_BREACH = "sla_breach"
ESCALATION = "escalation"
CHANGE_APPROVED = "change_approved"
SETTLEMENT_DISPUTED = "settlement_disputed"

EVENT_LABELS = {
    DISPATCH: _l("An engineer is dispatched"),
    P1_OPENED: _l("A P1 ticket is opened"),
    SLA_WARNING: _l("A service level is about to be missed"),
    SLA_BREACH: _l("A service level is missed"),
    ESCALATION: _l("An escalation reaches a new level"),
    CHANGE_APPROVED: _l("A change is approved"),
    SETTLEMENT_DISPUTED: _l("The client disputes a settlement sheet"),
}
EVENTS = tuple(EVENT_LABELS)
