"""`flask report monthly --month 2026-10 --lang zh --out FILE.pdf` and friends."""

from tests.reports.helpers import pdf_text


def test_monthly_from_the_command_line(app, october, tmp_path):
    out = tmp_path / "oct.pdf"
    result = app.test_cli_runner().invoke(
        args=[
            "report",
            "monthly",
            "--month",
            "2026-10",
            "--lang",
            "zh",
            "--out",
            str(out),
            "--now",
            "2026-11-03T10:00",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "2026-10 v1 (zh)" in result.output and "8 tickets, SLA 75.0 %" in result.output
    assert "3 服务水平达成" in pdf_text(out.read_bytes(), tmp_path)


def test_quarterly_and_bad_input(app, october, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "report",
            "quarterly",
            "--quarter",
            "2026-Q4",
            "--lang",
            "en",
            "--out",
            str(tmp_path / "q.pdf"),
            "--now",
            "2027-01-02T10:00",
        ]
    )
    assert result.exit_code == 0, result.output
    bad = runner.invoke(args=["report", "monthly", "--month", "2026-13"])
    assert bad.exit_code != 0 and "01 to 12" in bad.output
    bad = runner.invoke(args=["report", "monthly", "--month", "2026-10", "--lang", "fr"])
    assert bad.exit_code != 0 and "zh or en" in bad.output


def test_due_lists_overdue_reports(app, october):
    result = app.test_cli_runner().invoke(args=["report", "due", "--today", "2026-11-25"])
    assert result.exit_code == 0
    assert "2026-10" in result.output and "overdue" in result.output
