"""What notice writes refuse: field names with a reason code (worded by labels)."""


class NoticeError(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{name}: {code}" for name, code in fields.items()))
        self.fields = fields


class AlreadyAcknowledged(Exception):
    """Someone acknowledged the client notice first; nothing was written."""
