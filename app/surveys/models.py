"""Questionnaires (versioned), invitations, responses and relationship campaigns (S7, S18)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Department, User
from app.complaints.models import Complaint
from app.extensions import UTCDateTime, db, utcnow
from app.tickets.models import Ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Questionnaire(db.Model):
    """One version of a questionnaire; a change makes a new version, answers keep theirs."""

    __tablename__ = "questionnaires"
    __table_args__ = (sa.UniqueConstraint("purpose", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # ticket | relationship
    version: Mapped[int] = mapped_column()
    title_zh: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    questions: Mapped[list["Question"]] = relationship(
        back_populates="questionnaire", order_by="Question.position", lazy="selectin"
    )
    created_by: Mapped[User | None] = relationship()

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


class Question(db.Model):
    """A question of one questionnaire version; never edited once answers may exist."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        sa.Index("ix_survey_questions_questionnaire", "questionnaire_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaires.id"))
    position: Mapped[int] = mapped_column()
    # stable across versions, so scores can follow "speed" through every version
    code: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(8))  # rating | yes_no | choice | text
    text_zh: Mapped[str] = mapped_column(sa.String(300))
    text_en: Mapped[str] = mapped_column(sa.String(300))
    # choice questions: [{"value": "...", "zh": "...", "en": "..."}]
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en


class Campaign(db.Model):
    """A periodic relationship survey (S18) to all employees or a department's random sample."""

    __tablename__ = "survey_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_zh: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaires.id"))
    audience: Mapped[str] = mapped_column(sa.String(16))  # all | sample
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    sample_size: Mapped[int | None] = mapped_column()
    anonymous: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remind_days_before_close: Mapped[int] = mapped_column(default=3)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def last_day(self) -> date:
        """The last local day answers are taken (closes_at is the midnight after it)."""
        return (self.closes_at - timedelta(seconds=1)).astimezone(SHANGHAI).date()


class Invitation(db.Model):
    """One person asked once: after a closed ticket, or as a campaign invitee.

    For an anonymous campaign this row records only *that* the person answered (for
    reminders and one answer each); the response itself carries no link back to it.
    """

    __tablename__ = "survey_invitations"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "user_id"),
        sa.Index("ix_survey_invitations_user_sent", "user_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaires.id"))
    # one survey (and so one response) per ticket
    ticket_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_campaigns.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered: Mapped[bool] = mapped_column(default=False)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined")
    ticket: Mapped[Ticket | None] = relationship(lazy="joined")
    campaign: Mapped[Campaign | None] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def kind(self) -> str:
        return "campaign" if self.campaign_id else "ticket"


class Response(db.Model):
    """One submitted questionnaire. Anonymous campaign responses have no invitation and no
    respondent, and their time is kept only to the day."""

    __tablename__ = "survey_responses"
    __table_args__ = (sa.Index("ix_survey_responses_sent", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_invitations.id", ondelete="CASCADE"), unique=True
    )
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaires.id"))
    campaign_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_campaigns.id", ondelete="CASCADE"), index=True
    )
    ticket_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    respondent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # when the survey went out: scores are counted by this (the campaign's for anonymous ones)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # copied at answer time, for scores by engineer, catalog group and department
    overall_rating: Mapped[int | None] = mapped_column()
    # when the optional answers came (None: only the one-click rating is recorded so far)
    details_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    engineer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    catalog_group: Mapped[str | None] = mapped_column(sa.String(16))
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    # the complaint a low rating opened (S10)
    complaint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="SET NULL")
    )

    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", order_by="Answer.id", lazy="selectin"
    )
    questionnaire: Mapped[Questionnaire] = relationship()
    ticket: Mapped[Ticket | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    respondent: Mapped[User | None] = relationship(foreign_keys=[respondent_id])
    engineer: Mapped[User | None] = relationship(foreign_keys=[engineer_id])
    complaint: Mapped[Complaint | None] = relationship()


class Answer(db.Model):
    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_questions.id"))
    # a rating 1–5, or 1/0 for yes/no
    value_int: Mapped[int | None] = mapped_column()
    # a choice's value, or free text
    value_text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship(lazy="joined")
