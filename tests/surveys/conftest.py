"""Survey test fixtures: a request context, since mail links are built with url_for."""

import pytest

from app.extensions import db


@pytest.fixture
def req(app, users):
    """An application and request context with the per-role users present."""
    with app.test_request_context():
        yield
        db.session.remove()
