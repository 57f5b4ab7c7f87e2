"""Knowledge articles with their texts per language and every version, readers' feedback,
requests the knowledge base answered before they were filed, and the desk's canned responses."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow


class Article(db.Model):
    __tablename__ = "knowledge_articles"
    __table_args__ = (sa.Index("ix_knowledge_articles_status_visibility", "status", "visibility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(20), default="")  # a catalog group, or none
    visibility: Mapped[str] = mapped_column(sa.String(10), default="employees")  # or staff
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")  # published | retired
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # the problem whose known workaround this article publishes (S16)
    problem_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    view_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[User | None] = relationship(lazy="joined")
    texts: Mapped[list["ArticleText"]] = relationship(
        order_by="ArticleText.lang.desc()",  # zh before en
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="article",
    )

    __mapper_args__ = {"version_id_col": version}

    def text(self, lang: str) -> "ArticleText | None":
        """The text in `lang`, else the other language's."""
        by_lang = {text.lang: text for text in self.texts}
        return by_lang.get(lang) or next(iter(by_lang.values()), None)


class ArticleText(db.Model):
    """The current text of an article in one language, kept ready for pages and the index."""

    __tablename__ = "knowledge_texts"
    __table_args__ = (sa.UniqueConstraint("article_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("knowledge_articles.id", ondelete="CASCADE")
    )
    lang: Mapped[str] = mapped_column(sa.String(2))
    title: Mapped[str] = mapped_column(sa.String(200))
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")  # sanitised
    body_text: Mapped[str] = mapped_column(sa.Text, default="")  # plain, for snippets
    # tokens.index_tokens of title and body: what both databases' full-text search reads
    title_tokens: Mapped[str] = mapped_column(sa.Text, default="")
    body_tokens: Mapped[str] = mapped_column(sa.Text, default="")
    revision: Mapped[int] = mapped_column(default=1)  # the number of its latest version

    article: Mapped[Article] = relationship(back_populates="texts")


class ArticleVersion(db.Model):
    """Every saved text, kept: who wrote it and when (the diff page compares two)."""

    __tablename__ = "knowledge_versions"
    __table_args__ = (sa.UniqueConstraint("article_id", "lang", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("knowledge_articles.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(sa.String(2))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")
    article: Mapped[Article] = relationship()


class ArticleFeedback(db.Model):
    """One reader's "this helped" or "did not help"; a second click changes the answer."""

    __tablename__ = "knowledge_feedback"
    __table_args__ = (sa.UniqueConstraint("article_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("knowledge_articles.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    helped: Mapped[bool]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Deflection(db.Model):
    """A request not filed: the employee read an article suggested on the request form and
    said it solved the problem."""

    __tablename__ = "knowledge_deflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("knowledge_articles.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    typed_title: Mapped[str] = mapped_column(sa.String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    article: Mapped[Article] = relationship()
    user: Mapped[User | None] = relationship()


class CannedResponse(db.Model):
    """A staff member's reply snippet in both languages; shared ones serve the whole desk."""

    __tablename__ = "canned_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    body_zh: Mapped[str] = mapped_column(sa.Text, default="")
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def body(self, lang: str) -> str:
        return (self.body_zh if lang == "zh" else self.body_en) or self.body_en or self.body_zh
