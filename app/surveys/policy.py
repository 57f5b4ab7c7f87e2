"""Who may answer which survey and who sees the scores."""


def can_answer(user, invitation) -> bool:
    """Only the person asked; 404 for everybody else, so invitations do not leak."""
    return user is not None and invitation.user_id == user.id
