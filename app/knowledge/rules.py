"""Knowledge rules as plain functions: the article life cycle, who reads what, when an article
is due for review, canned-response placeholders and the difference between two versions."""

import difflib
import re
from datetime import datetime, timedelta

STATUSES = ("draft", "published", "retired")
VISIBILITIES = ("employees", "staff")
LANGUAGES = ("zh", "en")
# action → (the statuses it starts from, the status it leads to)
TRANSITIONS = {
    "publish": ({"draft", "retired"}, "published"),
    "retire": ({"published", "draft"}, "retired"),
    "unpublish": ({"published"}, "draft"),
}
REVIEW_AFTER_DAYS = 180  # an article nobody opened for this long is flagged for review
MAX_TITLE = 200
MAX_BODY = 100_000  # characters of Markdown: a long manual, far below what a page can show
SUGGESTIONS = 5  # articles offered beside the request form
PLACEHOLDERS = ("requester", "ticket", "title", "agent")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def next_status(status: str, action: str) -> str | None:
    """The status after `action`, or None when the action is not allowed from `status`."""
    sources, target = TRANSITIONS.get(action, (set(), None))
    return target if status in sources else None


def actions_from(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def readable(status: str, visibility: str, *, staff: bool) -> bool:
    """The vendor's people read every article; the client's people only published articles
    written for employees."""
    return staff or (status == "published" and visibility == "employees")


def review_due(last_viewed_at: datetime | None, published_at: datetime | None, now) -> bool:
    """A published article unread for REVIEW_AFTER_DAYS (counted from publication when it has
    never been read) needs an owner's look: it may be stale or never found."""
    since = last_viewed_at or published_at
    return since is not None and now - since >= timedelta(days=REVIEW_AFTER_DAYS)


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """{requester}, {ticket}, {title}, {agent} replaced; an unknown {word} stays as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(mark, line) for a line diff: '+' added, '-' removed, ' ' unchanged, '@' a gap."""
    lines = []
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2)
    for line in list(diff)[2:]:
        if line.startswith("@@"):
            lines.append(("@", ""))
        else:
            lines.append((line[:1], line[1:]))
    return lines
