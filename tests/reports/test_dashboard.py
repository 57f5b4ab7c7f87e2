"""The manager's live dashboard, the tickets behind each figure, and their export."""

import csv
import io

from openpyxl import load_workbook


def test_dashboard_shows_the_period_with_links_to_the_tickets(login_as, october):
    page = login_as("manager").get("/reports/dashboard?period=2026-10").get_data(as_text=True)
    assert 'data-testid="dashboard-figures"' in page
    assert "75.0 %" in page  # service levels attained
    assert (
        "/reports/tickets?metric=onsite_arrival&amp;key=all&amp;state=breached&amp;period=2026-10"
        in page
    )


def test_filters_narrow_the_figures_and_htmx_gets_only_the_block(login_as, october):
    manager = login_as("manager")
    response = manager.get(
        "/reports/dashboard?period=2026-10&department=HR", headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div id="figures"')
    assert "department=HR" in body
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]


def test_a_bad_period_falls_back_to_this_month_with_a_message(login_as, users):
    page = login_as("manager").get("/reports/dashboard?period=2026-13").get_data(as_text=True)
    assert "01 to 12" in page


def test_the_tickets_behind_a_figure(login_as, october):
    manager = login_as("manager")
    page = manager.get(
        "/reports/tickets?period=2026-10&metric=onsite_arrival&key=all&state=breached"
    ).get_data(as_text=True)
    assert october["T7"] in page
    assert october["T1"] not in page
    breached = manager.get("/reports/tickets?period=2026-10&state=breached").get_data(as_text=True)
    for name in ("T2", "T4", "T5", "T7"):
        assert october[name] in breached
    hr = manager.get("/reports/tickets?period=2026-10&department=HR").get_data(as_text=True)
    assert october["T2"] in hr and october["T1"] not in hr


def test_csv_export_neutralises_formulas(login_as, october):
    response = login_as("manager").get("/reports/tickets.csv?period=2026-10&group=hw")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Number"
    titles = {row[0]: row[1] for row in rows[1:]}
    assert len(titles) == 4
    assert titles[october["T8"]] == '\'=HYPERLINK("http://x")'


def test_excel_export(login_as, october):
    response = login_as("manager").get("/reports/tickets.xlsx?period=2026-10&state=breached")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    numbers = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(numbers) == sorted(october[n] for n in ("T2", "T4", "T5", "T7"))
    assert login_as("manager").get("/reports/tickets.pdf").status_code == 404


def test_others_may_not(login_as, users):
    assert login_as("agent").get("/reports/dashboard").status_code == 403
    assert login_as("employee").get("/reports/tickets.csv").status_code == 403
