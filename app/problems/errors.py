"""What problem writes refuse: a field with a reason code and the values it is about."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Refusal:
    """Why a field was refused: a code (worded by labels.refusal_text) and its values."""

    code: str
    values: tuple[str, ...] = field(default=())


class ProblemError(ValueError):
    """Input that cannot open or change a problem; `fields` names the culprits."""

    def __init__(self, fields: dict[str, Refusal]):
        super().__init__(", ".join(f"{name}: {r.code}" for name, r in fields.items()))
        self.fields = fields


class ClosedError(ProblemError):
    """A closed problem is a finished record: it is no longer changed."""

    def __init__(self):
        super().__init__({"status": Refusal("closed")})


class ConflictError(Exception):
    """The problem changed since the user loaded it; nothing was written."""
