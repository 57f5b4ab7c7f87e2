"""How accounts send mail without knowing the outbox above them: the mail package plugs its
queue and its link builder in at start-up (app.mail.init_app)."""

from collections.abc import Callable

_queue: Callable | None = None
_external_url: Callable[..., str] | None = None


def set_mailer(queue: Callable, external_url: Callable[..., str]) -> None:
    """queue(recipient, template, subject=…, **context) puts a mail in the outbox;
    external_url(endpoint, **values) builds a link on the portal's public address."""
    global _queue, _external_url
    _queue, _external_url = queue, external_url


def queue(recipient, template: str, *, subject, **context):
    if _queue is None:
        raise RuntimeError("no mail outbox is plugged in")
    return _queue(recipient, template, subject=subject, **context)


def external_url(endpoint: str, **values) -> str:
    if _external_url is None:
        raise RuntimeError("no mail outbox is plugged in")
    return _external_url(endpoint, **values)
