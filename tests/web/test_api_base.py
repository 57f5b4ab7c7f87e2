"""API conventions: token auth, JSON errors, and the OpenAPI document covering every route."""

import re

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from tests.conftest import ROLE_EMAILS


def token_for(app, role: str) -> str:
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None)
        db.session.commit()
    return token


def test_unknown_token_gets_401_json(client, users):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/tickets", headers=headers)
        if response.status_code == 404:  # before the tickets API exists
            response = client.get("/api/v1/openapi.json", headers=headers)
            assert response.status_code == 200
            continue
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"


def test_session_cookie_does_not_authenticate_the_api(app, login_as):
    client = login_as("agent")
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint.startswith("api.") and view.access_roles != "public":
            url = re.sub(r"<[^>]+>", "X", re.sub(r"<int:[^>]+>", "1", rule.rule))
            assert client.get(url).status_code in (401, 405), url


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_openapi_documents_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    documented = {
        (path, method.upper()) for path, ops in document["paths"].items() for method in ops
    }
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in openapi.json"
    registered = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert {path for path, _ in documented} <= registered, "documented paths that do not exist"
