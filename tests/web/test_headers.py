"""Headers every answer carries: a content security policy, no caching of signed-in pages,
HTTPS-only cookies and HSTS when the portal is served over HTTPS; a form posted from another
site is refused even over plain HTTP."""

from app import create_app
from tests.conftest import ROLE_EMAILS


def test_every_page_has_the_content_security_policy(client, login_as):
    for response in (client.get("/login"), login_as("agent").get("/desk")):
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "frame-ancestors 'self'" in policy and "unsafe-inline" not in policy


def test_signed_in_pages_and_the_api_are_not_cached(client, login_as, api):
    assert login_as("employee").get("/tickets/mine").headers["Cache-Control"] == "no-store"
    assert api("agent").get("/api/v1/tickets").headers["Cache-Control"] == "no-store"
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_https_deployments_get_secure_cookies_and_hsts(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "PUBLIC_BASE_URL": "https://desk.client.example",
            "SERVER_NAME": None,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_plain_http_has_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_a_form_posted_from_another_site_is_refused(client, users):
    token = client.csrf_token()
    form = {"email": ROLE_EMAILS["agent"], "password": "whatever", "csrf_token": token}
    foreign = client.post("/login", data=form, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    cross = client.post("/login", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    ours = client.post("/login", data=form, headers={"Origin": "http://localhost"})
    assert ours.status_code == 401  # reached the sign-in: a wrong password


def test_a_page_that_sends_no_referrer_may_still_post_to_itself(client, users):
    token = client.csrf_token()
    form = {"email": ROLE_EMAILS["agent"], "password": "whatever", "csrf_token": token}
    headers = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/login", data=form, headers=headers).status_code == 401
