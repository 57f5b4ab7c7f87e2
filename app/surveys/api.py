"""Survey scores over the API (API.md: GET /api/v1/surveys/results)."""

from flask import jsonify, request

from app.accounts.roles import MANAGERS
from app.api import bp, openapi
from app.api.common import validation_error
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.surveys import queries, rules
from app.web.access import allow


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@bp.get("/surveys/results")
@allow(MANAGERS)
def survey_results():
    """S7 figures of the surveys sent from `from` to `to` (local dates, inclusive)."""
    source = request.args.get("source", "all")
    if source not in queries.SOURCES:
        raise validation_error({"source": f"One of {', '.join(queries.SOURCES)}."})
    try:
        first, last = rules.parse_period(
            request.args.get("from"), request.args.get("to"), rules.local_date(utcnow())
        )
    except rules.PeriodError as error:
        raise validation_error(
            {error.field: "A date YYYY-MM-DD; from ≤ to, at most 36 months."}
        ) from None
    scores = queries.scores(first, last, contract=get_contract(), source=source)
    return jsonify(
        {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "responses": scores.responses,
            "sent": scores.sent,
            "response_rate": rounded(scores.response_rate),
            "satisfaction_percent": rounded(scores.satisfaction_percent),
            "target_percent": scores.target_percent,
            "satisfied_from_rating": scores.good_from,
        }
    )


openapi.SCHEMAS["SurveyResults"] = {
    "type": "object",
    "required": ["responses", "sent", "response_rate", "satisfaction_percent", "target_percent"],
    "properties": {
        "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"},
        "responses": {"type": "integer"},
        "sent": {"type": "integer"},
        "response_rate": {"type": ["number", "null"], "description": "percent"},
        "satisfaction_percent": {
            "type": ["number", "null"],
            "description": "share of overall ratings ≥ satisfied_from_rating; null: no answers",
        },
        "target_percent": {"type": "integer"},
        "satisfied_from_rating": {"type": "integer"},
    },
}
RESULTS = openapi.op(
    "Satisfaction and response rate of the surveys sent in a period",
    params=(
        openapi.query("from", "First day, YYYY-MM-DD (default: 5 months back)"),
        openapi.query("to", "Last day, YYYY-MM-DD (default: today)"),
        openapi.query("source", "all | ticket | campaign"),
    ),
    errors=(400, 403),
)
RESULTS["responses"]["200"]["content"]["application/json"]["schema"] = {
    "$ref": "#/components/schemas/SurveyResults"
}
openapi.add("/api/v1/surveys/results", get=RESULTS)
