"""The stored monthly service reports a meeting may point to. The report package stands
above meetings, so it hands its shelf over at start-up; without it no report is offered."""


class ReportShelf:
    def choices(self) -> list[tuple[int, str]]:
        """(report id, label) of the stored monthly reports, latest first."""
        return []

    def label(self, report_id: int) -> str | None:
        return None

    def url(self, report_id: int) -> str | None:
        """The page of the stored report, for those who may open it."""
        return None


_shelf = ReportShelf()


def set_report_shelf(shelf: ReportShelf) -> None:
    global _shelf
    _shelf = shelf


def report_shelf() -> ReportShelf:
    return _shelf
