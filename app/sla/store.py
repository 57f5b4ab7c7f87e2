"""The contract's working calendars, as the SLA engine uses them."""

from app.sla.calendar import ALWAYS_HOURS, WorkCalendar

OFFICE = "office"
EXTENDED = "extended"


def calendars() -> dict[str, WorkCalendar]:
    """Every defined calendar by name: office hours on China's calendar, and 7×24 extended."""
    return {
        OFFICE: WorkCalendar(OFFICE),
        EXTENDED: WorkCalendar(EXTENDED, weekly_hours=ALWAYS_HOURS, source="none"),
    }
