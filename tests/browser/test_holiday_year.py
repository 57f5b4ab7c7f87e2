"""A manager enters next year's State Council holiday schedule in rows, in Chinese: warned on
the home page, rows with date pickers, kind and name, the official notice, a review on the
calendar, then the confirmation that makes the days count."""

import pytest

from app.clocks import store
from app.extensions import db
from app.sla import shanghai_today, upcoming_years
from tests.conftest import ROLE_EMAILS, sign_in
from tests.problems.helpers import user

NOTICE = "国务院办公厅关于{year}年部分节假日安排的通知"


def test_manager_enters_next_years_holidays_in_rows(app, users, new_page):
    with app.app_context():
        year = upcoming_years(shanghai_today())[-1]  # 2027 from 1 November 2026
        if store.package_has(year):
            pytest.skip(f"chinesecalendar ships {year}: nothing to enter")
        user("manager").language = "zh"
        db.session.commit()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/")
    warning = page.locator("[data-testid=missing-holidays]")
    assert f"{year} 年节假日安排未录入" in warning.inner_text()
    warning.locator(f"a[href$='/sla/years/{year}']").click()  # this year may be missing too
    page.wait_for_url(f"**/sla/years/{year}")
    assert page.locator("[data-testid=year-row]").count() == 3  # empty rows to type into

    page.fill("input[name=source]", NOTICE.format(year=year))
    page.fill("input[name=source_url]", f"https://www.gov.cn/zhengce/{year}.htm")
    rows = [
        (f"{year}-01-01", "", "holiday", "元旦"),
        (f"{year}-02-06", f"{year}-02-12", "holiday", "春节"),
        (f"{year}-02-13", "", "adjusted_workday", "春节"),
        (f"{year}-10-01", f"{year}-10-07", "holiday", "国庆节"),
        (f"{year}-10-09", "", "adjusted_workday", "国庆节"),
    ]
    for index, (start, end, kind, name) in enumerate(rows):
        if index >= page.locator("[data-testid=year-row]").count():
            page.click("[data-testid=year-add-row]")
            page.locator(f"input[name='rows-{index}-start']").wait_for()
        page.fill(f"input[name='rows-{index}-start']", start)
        if end:
            page.fill(f"input[name='rows-{index}-end']", end)
        page.select_option(f"select[name='rows-{index}-kind']", kind)
        page.fill(f"input[name='rows-{index}-name']", name)
    assert page.input_value("input[name=source]") == NOTICE.format(year=year)  # kept on add
    kinds = page.locator("select[name='rows-2-kind'] option").all_inner_texts()
    assert kinds == ["法定节假日", "调休工作日"]
    page.screenshot(path="/tmp/holiday-year-rows-zh.png", full_page=True)

    page.click("[data-testid=year-review-button]")
    review = page.locator("[data-testid=year-review]")
    review.wait_for()
    text = review.inner_text()
    assert "15 天法定节假日和 2 天调休工作日。" in text
    assert NOTICE.format(year=year) in text and "尚未生效" in text
    assert review.locator(f"[data-date='{year}-02-08'][data-kind=holiday]").count() == 1
    assert review.locator(f"[data-date='{year}-02-13'][data-kind=adjusted_workday]").count() == 1
    with app.app_context():
        assert store.year_status(year) == "missing"  # a review changes nothing
    page.screenshot(path="/tmp/holiday-year-review-zh.png", full_page=True)

    page.click("[data-testid=year-confirm]")
    page.wait_for_url("**/sla/calendars")
    page.locator(f"text={year} 年节假日安排已确认。").wait_for()
    assert NOTICE.format(year=year) in page.locator(f"tr[data-year='{year}']").inner_text()
    page.goto(f"/sla/calendars/office?month={year}-02")
    assert page.locator(f"[data-date='{year}-02-08']").get_attribute("data-kind") == "holiday"
    page.goto("/")
    still_missing = page.locator("[data-testid=missing-holidays]")  # another year may be
    assert still_missing.count() == 0 or f"{year} 年" not in still_missing.inner_text()
    with app.app_context():
        assert store.year_status(year) == "confirmed"
        assert store.holiday_year(year).source == NOTICE.format(year=year)


def test_manager_sets_targets_and_the_matrix_on_the_contract_page(app, users, new_page):
    with app.app_context():
        user("manager").language = "zh"
        db.session.commit()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/contract/")
    section = page.locator("[data-testid=service-levels]")
    p3 = section.locator("tr[data-target=resolution_p3]")
    assert "3 个工作日（1,620 分钟）" in p3.inner_text()
    assert page.input_value("input[name='resolution_p3-amount']") == "3"
    page.fill("input[name='resolution_p3-amount']", "2")
    page.select_option("select[name=matrix_low_low]", "P3")
    page.select_option("select[name=calendar_resolution_P1]", "extended")
    page.screenshot(path="/tmp/contract-service-levels-zh.png", full_page=True)
    page.click("[data-testid=save-service-levels]")
    page.locator("text=服务级别已保存（3 项更改）。").wait_for()
    assert "2 个工作日（1,080 分钟）" in p3.inner_text()
    assert page.input_value("select[name=matrix_low_low]") == "P3"
    assert page.input_value("select[name=calendar_resolution_P1]") == "extended"
