"""API endpoints that belong to no single domain."""

from flask import jsonify

from app.api import bp
from app.api.openapi import document
from app.web.access import public


@bp.get("/openapi.json")
@public
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(document())
