"""Knowledge articles over the API (API.md: /api/v1/knowledge/articles)."""

from flask import jsonify, request
from flask_babel import force_locale

from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body, paginate, text_field, validation_error
from app.extensions import utcnow
from app.knowledge import policy, queries, rules, search, services
from app.knowledge.labels import refusal_text
from app.knowledge.tokens import MAX_QUERY_CHARACTERS
from app.tickets.catalog import GROUPS
from app.web.access import allow
from app.web.i18n import iso


def article_or_404(article_id: int):
    article = queries.article(article_id)
    if not policy.can_read(actor(), article):
        raise ApiError(404, "No such article.", "not_found")
    return article


def hit(query: str):
    def serialize(text) -> dict:
        return {
            "id": text.article_id,
            "title": text.title,
            "snippet": str(search.snippet(text, query)),
            "lang": text.lang,
            "visibility": text.article.visibility,
            "status": text.article.status,
            "category": text.article.category,
        }

    return serialize


def article_body(article, lang: str) -> dict:
    text = article.text(lang)
    return {
        "id": article.id,
        "title": text.title if text else "",
        "lang": text.lang if text else lang,
        "languages": [t.lang for t in article.texts],
        "visibility": article.visibility,
        "status": article.status,
        "category": article.category,
        "body_markdown": text.body_markdown if text else "",
        "body_html": text.body_html if text else "",
        "problem": problem.number if (problem := queries.problem_of(article)) else None,
        "feedback": queries.feedback_counts(article.id),
        "views": article.view_count,
        "created_at": iso(article.created_at),
        "updated_at": iso(article.updated_at),
        "published_at": iso(article.published_at),
    }


@bp.get("/knowledge/articles")
@allow(policy.READERS)
def list_articles():
    """Articles the query finds (all readable ones without a query), best first."""
    user = actor()
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY_CHARACTERS:
        raise validation_error({"q": f"At most {MAX_QUERY_CHARACTERS} characters."})
    category = request.args.get("category", "")
    if category and category not in GROUPS:
        raise validation_error({"category": "One of " + ", ".join(GROUPS) + "."})
    found = search.matching(q, staff=policy.is_staff(user), category=category)
    return jsonify(paginate(found, hit(q)))


@bp.get("/knowledge/articles/<int:article_id>")
@allow(policy.READERS)
def get_article(article_id: int):
    """One article with its sanitised HTML, in ?lang= or the token owner's language."""
    user = actor()
    article = article_or_404(article_id)
    lang = request.args.get("lang") or getattr(user, "language", None) or "zh"
    return jsonify(article_body(article, lang if lang in rules.LANGUAGES else "zh"))


@bp.post("/knowledge/articles")
@allow(policy.EDITORS)
def create_article():
    """A new article, a draft unless `status` is published."""
    user = actor()
    body = json_body()
    data = services.ArticleInput(
        title=text_field(body, "title"),
        body_markdown=text_field(body, "body_markdown"),
        lang=text_field(body, "lang", "zh"),
        visibility=text_field(body, "visibility", "employees"),
        category=text_field(body, "category"),
    )
    status = text_field(body, "status", "draft")
    if status not in ("draft", "published"):
        raise validation_error({"status": "draft or published."})
    try:
        article = services.save_article(None, data, actor=user, now=utcnow())
        if status == "published":
            services.move(article, "publish", actor=user, now=utcnow())
    except services.KnowledgeError as error:
        with force_locale(getattr(user, "language", None) or "en"):
            fields = {name: refusal_text(refusal) for name, refusal in error.fields.items()}
        raise validation_error(fields) from None
    return jsonify(article_body(article, data.lang)), 201


ID = {"name": "article_id", "in": "path", "required": True, "schema": {"type": "integer"}}
openapi.SCHEMAS["NewArticle"] = {
    "type": "object",
    "required": ["title", "body_markdown"],
    "properties": {
        "title": {"type": "string", "maxLength": rules.MAX_TITLE},
        "body_markdown": {"type": "string", "maxLength": rules.MAX_BODY},
        "lang": {"enum": list(rules.LANGUAGES)},
        "visibility": {"enum": list(rules.VISIBILITIES)},
        "category": {"enum": ["", *GROUPS]},
        "status": {"enum": ["draft", "published"]},
    },
}
openapi.add(
    "/api/v1/knowledge/articles",
    get=openapi.op(
        "Search knowledge articles",
        params=(
            openapi.query("q", "Words to find; Chinese needs no spaces"),
            openapi.query("category", "A catalog group"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400,),
    ),
    post=openapi.op("Write an article", body="NewArticle", ok=201, errors=(400, 403)),
)
openapi.add(
    "/api/v1/knowledge/articles/{article_id}",
    get=openapi.op("One article with its HTML", params=(ID,), errors=(404,)),
)
