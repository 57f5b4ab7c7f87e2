"""Articles written and published through the real services."""

from app.extensions import db, utcnow
from app.knowledge import services
from app.knowledge.models import Article
from tests.factories import person


def article(
    title: str,
    body: str = "",
    *,
    lang: str = "zh",
    visibility: str = "employees",
    status: str = "published",
    category: str = "",
    author="agent",
    also: tuple[str, str, str] | None = None,
) -> Article:
    """An article (committed); `also` adds a text in another language: (lang, title, body)."""
    actor = person(author)
    now = utcnow()
    data = services.ArticleInput(title, body or title, lang, visibility, category)
    made = services.save_article(None, data, actor=actor, now=now)
    if also:
        other = services.ArticleInput(also[1], also[2], also[0], visibility, category)
        services.save_article(made, other, actor=actor, now=now)
    if status != "draft":
        services.move(made, "publish", actor=actor, now=now)
    if status == "retired":
        services.move(made, "retire", actor=actor, now=now)
    db.session.commit()
    return made
