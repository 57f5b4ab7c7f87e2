"""Pure checks of text before it is stored, shared by every domain's rules."""


def text_refusal(value: str, limit: int) -> str | None:
    """Why the text cannot be stored (a NUL byte, which PostgreSQL refuses; too long), or None."""
    if "\x00" in value:
        return "nul"
    if len(value) > limit:
        return "too_long"
    return None
