"""What change writes refuse with: bad input, or a lost race."""


class ChangeError(ValueError):
    """Input that cannot create or change a change request; `fields` names the culprits."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class ConflictError(Exception):
    """The change was edited meanwhile; nothing was written."""
