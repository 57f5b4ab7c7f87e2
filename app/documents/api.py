"""Documents over the API (API.md: /api/v1/documents)."""

from flask import jsonify, request, url_for

from app.api import bp, openapi
from app.api.common import ApiError, actor, paginate, validation_error
from app.documents import policy, queries, rules
from app.extensions import utcnow
from app.web.access import allow
from app.web.i18n import iso


def document_or_404(document_id: int):
    document = queries.document(document_id)
    if not policy.can_read(actor(), document):
        raise ApiError(404, "No such document.", "not_found")
    return document


def serialize(document) -> dict:
    today = rules.local_day(utcnow())
    live = document.kind in rules.LIVE_KINDS
    return {
        "id": document.id,
        "title": document.title,
        "kind": document.kind,
        "owner": document.owner.email if document.owner else None,
        "visibility": document.visibility,
        "live": live,
        "review_due": None
        if live or not document.next_review_on
        else document.next_review_on.isoformat(),
        "review_state": "none" if live else rules.review_state(document.next_review_on, today),
        "versions": [
            {
                "version": v.number,
                "author": v.author.email if v.author else None,
                "at": iso(v.at),
                "note": v.note,
                "file": v.filename or None,
                "url": url_for(
                    "documents.version", document_id=document.id, number=v.number, _external=True
                ),
            }
            for v in document.versions
        ],
    }


@bp.get("/documents")
@allow(policy.READERS)
def list_documents():
    """Documents the token's user may read; ?q= words, ?kind= one kind."""
    q = request.args.get("q", "")
    if len(q) > 200:
        raise validation_error({"q": "At most 200 characters."})
    kind = request.args.get("kind", "")
    if kind and kind not in rules.KINDS:
        raise validation_error({"kind": "One of " + ", ".join(rules.KINDS) + "."})
    found = queries.matching(q, staff=policy.is_staff(actor()), kind=kind)
    return jsonify(paginate(found, serialize))


@bp.get("/documents/<int:document_id>")
@allow(policy.READERS)
def get_document(document_id: int):
    """One document with its versions; `body_html` is the current text, sanitised."""
    document = document_or_404(document_id)
    body = serialize(document)
    current = document.current
    body["body_html"] = current.body_html if current else ""
    body["body_markdown"] = current.body_markdown if current else ""
    body["links"] = [
        {"asset": link.asset.tag}
        if link.asset
        else {"catalog_item": link.catalog_item.code}
        if link.catalog_item
        else {"problem": link.problem.number}
        for link in document.links
    ]
    return jsonify(body)


ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "integer"}}
openapi.add(
    "/api/v1/documents",
    get=openapi.op(
        "Documents of the handover library",
        params=(
            openapi.query("q", "Words in the title or text"),
            openapi.query("kind", "One kind of document"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400,),
    ),
)
openapi.add(
    "/api/v1/documents/{document_id}",
    get=openapi.op("One document with its versions", params=(ID,), errors=(404,)),
)
