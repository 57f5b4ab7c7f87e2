"""Labels for the whole register in the browser: the button starts a background job, the page
shows its progress bar ("n / m") while a worker lays out the sheets, then the download link;
the PDF behind it has every label, page-numbered across the worker's steps."""

import re
import subprocess

import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db
from tests.assets.conftest import make_asset
from tests.conftest import ROLE_EMAILS, sign_in
from tests.jobs.helpers import running_worker

ASSETS = 300  # 15 sheets, laid out in three steps


def test_labels_pdf_with_progress_to_the_download_link(app, users, new_page, tmp_path):
    with app.app_context():
        for number in range(1, ASSETS + 1):
            make_asset(f"LAP-{number:06d}", serial=f"SN{number}")
        db.session.execute(
            sa.update(User).where(User.email == ROLE_EMAILS["agent"]).values(language="zh")
        )
        db.session.commit()
    with running_worker(app):
        page = new_page(lang="zh")
        sign_in(page, ROLE_EMAILS["agent"])
        page.goto("/assets/")
        page.click("[data-testid=print-labels]")
        job = page.locator("[data-testid=job]")
        job.wait_for()
        assert "资产标签" in job.inner_text()
        # the bar moves: some labels of 300 are done before the link appears
        page.wait_for_function(
            """() => { const c = document.querySelector('[data-testid=job-count]');
                       return c && /^([1-9]\\d*) \\/ 300$/.test(c.textContent.trim())
                              && !c.textContent.trim().startsWith('300'); }""",
            timeout=120_000,
        )
        assert page.locator("[data-testid=job-progress]").get_attribute("max") == str(ASSETS)
        page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)
        link = page.locator("[data-testid=job-result]")
        link.wait_for(timeout=180_000)
        assert page.locator("[data-testid=job-status]").inner_text() == "已完成"
        assert page.locator("[data-testid=job-cancel]").count() == 0
        page.screenshot(path=str(tmp_path / "done.png"), full_page=True)
        pdf = page.request.get(link.get_attribute("href"))
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        body = pdf.body()
    (tmp_path / "labels.pdf").write_bytes(body)
    info = subprocess.run(["pdfinfo", "-"], input=body, capture_output=True, check=True)
    assert b"Pages:           15" in info.stdout
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True)
    words = text.stdout.decode()
    assert "LAP-000001" in words and f"LAP-{ASSETS:06d}" in words
    assert re.search(r"\b15 ?/ ?15\b", words)
    assert re.search(r"\b6 ?/ ?15\b", words)  # the second step's first sheet goes on counting
    # every sheet holds 21 whole labels: the second has the 22nd to the 42nd
    second = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=body, capture_output=True, check=True
    ).stdout.decode()
    assert sorted(set(re.findall(r"LAP-\d{6}", second))) == [
        f"LAP-{number:06d}" for number in range(22, 43)
    ]
