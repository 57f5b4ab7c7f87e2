"""The QR label PDF: its text, and its QR code read back from the rendered page."""

import re
import subprocess

import qrcode
from PIL import Image

from tests.jobs.helpers import HTMX, job_id_of, run_queued

DPI = 300


def pdf_of(login_as, url: str) -> bytes:
    response = login_as("agent").get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.data
    response.close()  # a stored result is sent from its file
    return data


def run(command: list[str], data: bytes) -> bytes:
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout


def qr_matrix(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def read_modules(image: Image.Image, box: tuple[int, int, int, int], size: int) -> list[list[bool]]:
    """Sample the centre of each module inside the QR's dark-module bounding box."""
    left, top, right, bottom = box
    step_x, step_y = (right - left) / size, (bottom - top) / size
    return [
        [
            image.getpixel((int(left + (x + 0.5) * step_x), int(top + (y + 0.5) * step_y))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_label_carries_tag_model_and_a_qr_code_to_the_asset_page(app, login_as, register, tmp_path):
    pdf = pdf_of(login_as, "/assets/LAP-000001/label.pdf")
    text = run(["pdftotext", "-", "-"], pdf).decode()
    for expected in ("LAP-000001", "ThinkPad T14", "笔记本电脑", "S/N SN1"):
        assert expected in text
    run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-", str(tmp_path / "label")], pdf)
    page = Image.open(tmp_path / "label.png").convert("L")
    mm = DPI / 25.4
    # the first label's QR code sits in the top-left label, left of its text
    region = page.crop((int(5 * mm), int(13 * mm), int(39 * mm), int(56 * mm)))
    dark = region.point(lambda v: 255 if v < 128 else 0)
    box = dark.getbbox()
    assert box is not None
    url = f"{app.config['PUBLIC_BASE_URL']}/assets/LAP-000001"
    expected = qr_matrix(url)
    seen = read_modules(region, box, len(expected))
    assert seen == expected, "the printed QR code is not the asset page's address"


def test_labels_for_the_filtered_register(app, login_as, register):
    agent = login_as("agent")
    page = agent.form("/assets/labels", {"q": "000001"}, headers=HTMX).get_data(as_text=True)
    job_id = job_id_of(page)
    assert run_queued(app) == 1
    pdf = pdf_of(login_as, f"/jobs/{job_id}/result")
    text = run(["pdftotext", "-", "-"], pdf).decode()
    assert "LAP-000001" in text and "MON-000001" in text
    assert re.search(r"\b1 ?/ ?1\b", text)
    empty = agent.form("/assets/labels", {"q": "nothing-matches"}, headers=HTMX)
    run_queued(app)
    failed = agent.get(f"/jobs/{job_id_of(empty.get_data(as_text=True))}", headers=HTMX)
    assert "There was nothing to do" in failed.get_data(as_text=True)
