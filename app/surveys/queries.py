"""Survey reads: scores for a period (S7), by month and by dimension, and invitation lists.

Everything is counted by the day the survey was *sent* (Asia/Shanghai), so that a period's
response rate is its responses over its surveys sent.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.contracts.models import Contract
from app.extensions import db
from app.surveys import rules
from app.surveys.models import Answer, Campaign, Invitation, Question, Questionnaire, Response

SOURCES = ("all", "ticket", "campaign")
DIMENSIONS = ("engineer", "group", "department")


@dataclass(frozen=True)
class Scores:
    responses: int
    sent: int
    response_rate: float | None
    satisfaction_percent: float | None
    target_percent: int
    good_from: int

    @property
    def below_target(self) -> bool:
        return rules.below_target(self.satisfaction_percent, self.target_percent)


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants from `first` 00:00 to the end of `last`, Shanghai time."""
    return rules.local_day_start(first), rules.local_day_start(last + timedelta(days=1))


def source_clause(column, source: str):
    """`column` is a campaign_id column: ticket surveys have none."""
    if source == "ticket":
        return column.is_(None)
    if source == "campaign":
        return column.is_not(None)
    return sa.true()


def rating_counts(first: date, last: date, source: str = "all", by=None) -> dict:
    """{key: {rating: count}} of overall ratings (key None when not grouped), and responses."""
    lo, hi = bounds(first, last)
    key = by if by is not None else sa.literal(None)
    rows = db.session.execute(
        sa.select(key, Response.overall_rating, sa.func.count(Response.id))
        .where(
            Response.sent_at >= lo,
            Response.sent_at < hi,
            source_clause(Response.campaign_id, source),
        )
        .group_by(key, Response.overall_rating)
    ).all()
    counts: dict = defaultdict(dict)
    for group, rating, count in rows:
        counts[group][rating] = count
    return counts


def sent_count(first: date, last: date, source: str = "all") -> int:
    lo, hi = bounds(first, last)
    return db.session.scalar(
        sa.select(sa.func.count(Invitation.id)).where(
            Invitation.sent_at >= lo,
            Invitation.sent_at < hi,
            source_clause(Invitation.campaign_id, source),
        )
    )


def scores(first: date, last: date, *, contract: Contract, source: str = "all") -> Scores:
    """The S7 figures of surveys sent from `first` to `last` (local days, inclusive)."""
    counts = rating_counts(first, last, source).get(None, {})
    responses = sum(counts.values())
    sent = sent_count(first, last, source)
    rated = {rating: n for rating, n in counts.items() if rating is not None}
    return Scores(
        responses=responses,
        sent=sent,
        response_rate=rules.response_rate(responses, sent),
        satisfaction_percent=rules.satisfaction_from_counts(
            rated, contract.satisfaction_good_rating
        ),
        target_percent=contract.satisfaction_target_percent,
        good_from=contract.satisfaction_good_rating,
    )


def monthly(first: date, last: date, *, contract: Contract, source: str = "all"):
    """[(first day of month, Scores)] for every month touching the period."""
    return [
        (
            month,
            scores(
                month, rules.next_month(month) - timedelta(days=1), contract=contract, source=source
            ),
        )
        for month in rules.months(first, last)
    ]


@dataclass(frozen=True)
class Row:
    key: object
    label: str
    responses: int
    satisfaction_percent: float | None


def breakdown(first: date, last: date, dimension: str, *, lang: str, contract, source="all"):
    """Scores per engineer, catalog group or department, best-answered first."""
    column = {
        "engineer": Response.engineer_id,
        "group": Response.catalog_group,
        "department": Response.department_id,
    }[dimension]
    counts = rating_counts(first, last, source, by=column)
    names = labels(dimension, [key for key in counts if key is not None], lang)
    rows = [
        Row(
            key,
            names.get(key, "—"),
            sum(by_rating.values()),
            rules.satisfaction_from_counts(
                {r: n for r, n in by_rating.items() if r is not None},
                contract.satisfaction_good_rating,
            ),
        )
        for key, by_rating in counts.items()
        if key is not None
    ]
    return sorted(rows, key=lambda row: (-row.responses, row.label))


def labels(dimension: str, keys: list, lang: str) -> dict:
    if dimension == "group":
        from app.tickets.catalog import GROUPS

        return {k: GROUPS[k][1 if lang == "zh" else 2] if k in GROUPS else k for k in keys}
    if dimension == "engineer":
        return dict(
            db.session.execute(sa.select(User.id, User.name).where(User.id.in_(keys))).all()
        )
    departments = db.session.scalars(sa.select(Department).where(Department.id.in_(keys)))
    return {d.id: d.name(lang) for d in departments}


def question_averages(first: date, last: date, *, lang: str, source: str = "all") -> list[dict]:
    """Per questionnaire and question code (across versions): answers, the mean rating or the
    share of yes, under the latest wording."""
    lo, hi = bounds(first, last)
    rows = db.session.execute(
        sa.select(
            Questionnaire.purpose,
            Question.code,
            Question.kind,
            sa.func.count(Answer.id),
            sa.func.avg(Answer.value_int),
            sa.func.max(Question.id),
        )
        .join(Answer.question)
        .join(Question.questionnaire)
        .join(Answer.response)
        .where(
            Response.sent_at >= lo,
            Response.sent_at < hi,
            Question.kind.in_(("rating", "yes_no")),
            source_clause(Response.campaign_id, source),
        )
        .group_by(Questionnaire.purpose, Question.code, Question.kind)
        .order_by(Questionnaire.purpose.desc(), sa.func.min(Question.position), Question.code)
    ).all()
    latest = [row[5] for row in rows]
    texts = {
        q.id: q.text(lang)
        for q in db.session.scalars(sa.select(Question).where(Question.id.in_(latest)))
    }
    return [
        {
            "purpose": purpose,
            "code": code,
            "kind": kind,
            "text": texts.get(latest_id, code),
            "answers": count,
            "value": float(mean) * (100 if kind == "yes_no" else 1) if mean is not None else None,
        }
        for purpose, code, kind, count, mean, latest_id in rows
    ]


def recent_comments(first: date, last: date, *, source: str = "all", limit: int = 10):
    """The latest free-text answers with their response (for the ticket, if any)."""
    lo, hi = bounds(first, last)
    return db.session.execute(
        sa.select(Answer.value_text, Response)
        .join(Answer.response)
        .join(Answer.question)
        .where(
            Question.kind == "text",
            Response.sent_at >= lo,
            Response.sent_at < hi,
            source_clause(Response.campaign_id, source),
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(limit)
    ).all()


def waiting_for(user, now: datetime) -> sa.Select:
    """Invitations this person may still answer, newest first."""
    return (
        sa.select(Invitation)
        .outerjoin(Invitation.campaign)
        .where(
            Invitation.user_id == user.id,
            Invitation.answered.is_(False),
            Invitation.expires_at > now,
            sa.or_(
                Invitation.campaign_id.is_(None),
                sa.and_(Campaign.closed_at.is_(None), Campaign.opens_at <= now),
            ),
        )
        .order_by(Invitation.sent_at.desc())
    )


def answered_by(user) -> sa.Select:
    """This person's own (not anonymous) responses, newest first."""
    return (
        sa.select(Response)
        .where(Response.respondent_id == user.id)
        .order_by(Response.submitted_at.desc())
    )


def versions(purpose: str) -> sa.Select:
    return (
        sa.select(Questionnaire)
        .where(Questionnaire.purpose == purpose)
        .order_by(Questionnaire.version.desc())
    )


def campaigns() -> sa.Select:
    return sa.select(Campaign).order_by(Campaign.opens_at.desc(), Campaign.id.desc())


def campaign_counts(campaign_id: int) -> tuple[int, int]:
    """(invited, answered) of a campaign."""
    invited, answered = db.session.execute(
        sa.select(
            sa.func.count(Invitation.id),
            sa.func.coalesce(sa.func.sum(sa.case((Invitation.answered, 1), else_=0)), 0),
        ).where(Invitation.campaign_id == campaign_id)
    ).one()
    return invited, int(answered)


def campaign_ratings(campaign_id: int) -> dict[int, int]:
    return dict(
        db.session.execute(
            sa.select(Response.overall_rating, sa.func.count(Response.id))
            .where(Response.campaign_id == campaign_id, Response.overall_rating.is_not(None))
            .group_by(Response.overall_rating)
        ).all()
    )
