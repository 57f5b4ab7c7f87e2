"""Words of background jobs: their states, kinds and reasons for failing."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "queued": _l("Waiting for a worker"),
    "running": _l("Working"),
    "done": _l("Ready"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}
KIND_LABELS: dict[str, object] = {}
ERROR_LABELS = {
    "unexpected": _l(
        "An unexpected error stopped the work; the administrators can read it in the worker's log."
    ),
    "nothing_to_do": _l("There was nothing to do: the selection is empty."),
    "gone": _l("What this work was for has been removed meanwhile."),
    "too_many": _l("The selection has more than %(limit)d rows; narrow it down."),
}


def register_kind(name: str, label) -> None:
    """The name people read for a kind of job (each domain gives its own)."""
    KIND_LABELS[name] = label


def register_error(code: str, label) -> None:
    ERROR_LABELS[code] = label


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, STATUS_LABELS["failed"]))


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, _l("Background work")))


def error_text(code: str, params: dict) -> str:
    template = ERROR_LABELS.get(code, ERROR_LABELS["unexpected"])
    text = str(template)
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return str(ERROR_LABELS["unexpected"])
