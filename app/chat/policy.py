"""Who may do what with the group chats — for pages and templates alike."""

from app.accounts.roles import STAFF, has_role


def can_link_chat(user) -> bool:
    """The groups are the vendor's own (engineers, the desk): only its people join them."""
    return has_role(user, STAFF)
