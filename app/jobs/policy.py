"""Who may see a background job and take its result: the person who started it, or a
manager (who answers for the portal's work)."""

from app.accounts.roles import MANAGERS


def may_see(user, job) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return job.owner_id == user.id or user.role in MANAGERS
