"""Training plans for the client's support staff and users (S20, S14)."""

from flask import Blueprint, Flask

bp = Blueprint("training", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
