"""Sign-in answers take as long whether the account exists or not (no enumeration by timing).

    .venv/bin/python bench/bench_sign_in.py

Times 30 failed sign-ins each through the real form (in-process client, a fresh SQLite file):
a wrong password for a known account, an e-mail the portal does not know, and a disabled
account; prints the median and the spread in milliseconds.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import CSRF_RE, make_user  # noqa: E402

TRIES = 30


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-sign-in-"))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "RATE_LIMITS_ENABLED": False,
            # every try fails on purpose: no lock may end the measurement early
            "LOGIN_MAX_FAILURES": 10_000,
            "LOGIN_ACCOUNT_MAX_FAILURES": 10_000,
            "LOGIN_ADDRESS_MAX_FAILURES": 10_000,
        }
    )
    with app.app_context():
        upgrade()
        make_user("agent", "known@vendor.test")
        make_user("agent", "disabled@vendor.test", active=False)
        db.session.commit()
    client = app.test_client()

    def attempt(email: str) -> float:
        page = client.get("/login").get_data(as_text=True)
        token = CSRF_RE.search(page).group(1)
        began = time.perf_counter()
        response = client.post(
            "/login", data={"email": email, "password": "wrong guess", "csrf_token": token}
        )
        elapsed = time.perf_counter() - began
        assert response.status_code in (401, 422), response.status_code
        return elapsed * 1000

    for label, email in (
        ("wrong password", "known@vendor.test"),
        ("unknown e-mail", "nobody@vendor.test"),
        ("disabled account", "disabled@vendor.test"),
    ):
        times = sorted(attempt(email) for _ in range(TRIES))
        print(
            f"{label:<17} median {statistics.median(times):6.1f} ms"
            f"   min {times[0]:6.1f}   max {times[-1]:6.1f}"
        )


if __name__ == "__main__":
    main()
