"""What meeting writes refuse: field names with a reason code (worded by labels)."""


class MeetingError(ValueError):
    """Input that cannot be stored; `fields` maps each culprit to a refusal code."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{name}: {code}" for name, code in fields.items()))
        self.fields = fields
