"""What refuses to open or change a ticket, shared by the services around tickets."""


class TicketError(ValueError):
    """Input that cannot open or change a ticket; `fields` names the culprits."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}
