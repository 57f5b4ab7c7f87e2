"""Reading the knowledge base: one article, its versions and counts, what needs review, what
the request form answered, the canned responses a staff member may use."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.knowledge import rules
from app.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleVersion,
    CannedResponse,
    Deflection,
)
from app.problems.models import Problem


def article(article_id: int) -> Article | None:
    return db.session.get(Article, article_id) if 0 < article_id < 2**31 else None


def versions(article_id: int, lang: str) -> list[ArticleVersion]:
    return db.session.scalars(
        sa.select(ArticleVersion)
        .filter_by(article_id=article_id, lang=lang)
        .order_by(ArticleVersion.number.desc())
    ).all()


def version(article_id: int, lang: str, number: int) -> ArticleVersion | None:
    return db.session.scalar(
        sa.select(ArticleVersion).filter_by(article_id=article_id, lang=lang, number=number)
    )


def feedback_counts(article_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(ArticleFeedback.helped, sa.func.count())
        .where(ArticleFeedback.article_id == article_id)
        .group_by(ArticleFeedback.helped)
    ).all()
    counts = {"helped": 0, "not_helped": 0}
    for helped, count in rows:
        counts["helped" if helped else "not_helped"] = count
    return counts


def my_feedback(article_id: int, user) -> bool | None:
    return db.session.scalar(
        sa.select(ArticleFeedback.helped).filter_by(article_id=article_id, user_id=user.id)
    )


def review_due(now: datetime) -> list[Article]:
    """Published articles nobody opened for rules.REVIEW_AFTER_DAYS."""
    cutoff = now - timedelta(days=rules.REVIEW_AFTER_DAYS)
    last_seen = sa.func.coalesce(Article.last_viewed_at, Article.published_at)
    return db.session.scalars(
        sa.select(Article)
        .where(Article.status == "published", last_seen <= cutoff)
        .order_by(last_seen)
    ).all()


def deflections_between(start: datetime, end: datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(Deflection.at >= start, Deflection.at < end)
    )


def top_deflecting(start: datetime, end: datetime, limit: int = 5) -> list[tuple[Article, int]]:
    rows = db.session.execute(
        sa.select(Deflection.article_id, sa.func.count().label("n"))
        .where(Deflection.at >= start, Deflection.at < end)
        .group_by(Deflection.article_id)
        .order_by(sa.desc("n"))
        .limit(limit)
    ).all()
    return [(db.session.get(Article, article_id), n) for article_id, n in rows]


def canned_for(user) -> list[CannedResponse]:
    """The user's own canned responses, then those shared with the desk."""
    return db.session.scalars(
        sa.select(CannedResponse)
        .where(sa.or_(CannedResponse.owner_id == user.id, CannedResponse.shared))
        .order_by((CannedResponse.owner_id != user.id), CannedResponse.title)
    ).all()


def canned(canned_id: int) -> CannedResponse | None:
    return db.session.get(CannedResponse, canned_id) if 0 < canned_id < 2**31 else None


def of_problem(problem) -> Article | None:
    """The article that publishes the problem's workaround."""
    return db.session.scalar(sa.select(Article).filter_by(problem_id=problem.id))


def problem_of(article: Article):
    """The problem whose workaround the article publishes, if any."""
    return db.session.get(Problem, article.problem_id) if article.problem_id else None
