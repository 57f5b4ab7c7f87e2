"""What survey writes refuse: answers or settings that cannot be saved, a closed survey."""


class SurveyError(ValueError):
    """Answers or settings that cannot be saved; `fields` maps a field or question id to a code."""

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.fields = fields or {}


class SurveyClosed(Exception):
    """This invitation takes no answer (any more): `reason` is answered, expired,
    campaign_closed or campaign_scheduled."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
