"""Knowledge writes: articles and their texts (each save a version), the life cycle, readers'
views and feedback, deflected requests, workarounds published from problems, canned responses.
Flush, never commit: the request's unit of work commits."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.audit.services import changes, record
from app.extensions import db
from app.knowledge import markup, rules, tokens
from app.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleText,
    ArticleVersion,
    CannedResponse,
    Deflection,
)
from app.tickets.catalog import GROUPS


class KnowledgeError(ValueError):
    """Input that cannot be saved; `fields` maps a field to a refusal code and its values."""

    def __init__(self, fields: dict[str, tuple[str, ...]]):
        super().__init__(", ".join(f"{name}: {code[0]}" for name, code in fields.items()))
        self.fields = fields


class ConflictError(Exception):
    """The record changed since the user loaded it; nothing was written."""


@dataclass
class ArticleInput:
    title: str
    body_markdown: str
    lang: str
    visibility: str = "employees"
    category: str = ""


def text_refusals(title: str, body: str) -> dict[str, tuple[str, ...]]:
    errors = {}
    if not title.strip():
        errors["title"] = ("required",)
    elif len(title.strip()) > rules.MAX_TITLE:
        errors["title"] = ("too_long", str(rules.MAX_TITLE))
    if len(body) > rules.MAX_BODY:
        errors["body_markdown"] = ("too_long", str(rules.MAX_BODY))
    for name, value in (("title", title), ("body_markdown", body)):
        if "\x00" in value:
            errors[name] = ("control_character",)
    return errors


def refusals(data: ArticleInput) -> dict[str, tuple[str, ...]]:
    errors = text_refusals(data.title, data.body_markdown)
    if data.lang not in rules.LANGUAGES:
        errors["lang"] = ("unknown_language", data.lang)
    if data.visibility not in rules.VISIBILITIES:
        errors["visibility"] = ("unknown_visibility", data.visibility)
    if data.category and data.category not in GROUPS:
        errors["category"] = ("unknown_category", data.category)
    return errors


def check_version(record_, version: int | None) -> None:
    if version is not None and version != record_.version:
        raise ConflictError


def write_text(article: Article, lang: str, title: str, body: str, *, actor, now) -> bool:
    """Set the article's text in `lang`; a changed text becomes a new version. True if changed."""
    text = next((t for t in article.texts if t.lang == lang), None)
    title = title.strip()
    if text is not None and (text.title, text.body_markdown) == (title, body):
        return False
    if text is None:
        text = ArticleText(lang=lang, revision=0)
        article.texts.append(text)
    text.title, text.body_markdown = title, body
    text.body_html = markup.to_html(body)
    text.body_text = markup.to_text(body)
    text.title_tokens = tokens.index_tokens(title)
    text.body_tokens = tokens.index_tokens(text.body_text)
    text.revision += 1
    db.session.add(
        ArticleVersion(
            article=article,
            lang=lang,
            number=text.revision,
            title=title,
            body_markdown=body,
            author_id=getattr(actor, "id", None),
            created_at=now,
        )
    )
    return True


def save_article(article: Article | None, data: ArticleInput, *, actor, now, version=None):
    """A new article (a draft) or an edit of one language's text, visibility and category."""
    errors = refusals(data)
    if errors:
        raise KnowledgeError(errors)
    if article is None:
        article = Article(author_id=getattr(actor, "id", None), created_at=now, status="draft")
        db.session.add(article)
        action, details = "knowledge.create", {}
    else:
        check_version(article, version)
        action = "knowledge.edit"
        details = changes(article, {"visibility": data.visibility, "category": data.category})
    article.visibility, article.category = data.visibility, data.category
    if write_text(article, data.lang, data.title, data.body_markdown, actor=actor, now=now):
        details["text"] = [data.lang, str(article.text(data.lang).revision)]
    if details or action == "knowledge.create":
        article.updated_at = now
        db.session.flush()
        record(actor, action, article, details, now=now)
    return article


def move(article: Article, action: str, *, actor, now, version=None) -> Article:
    """Publish, retire or take back an article; publishing needs a text with a body."""
    check_version(article, version)
    target = rules.next_status(article.status, action)
    if target is None:
        raise KnowledgeError({"status": ("not_now", article.status)})
    if target == "published" and not any(t.body_markdown.strip() for t in article.texts):
        raise KnowledgeError({"body_markdown": ("empty_body",)})
    before = article.status
    article.status, article.updated_at = target, now
    if target == "published":
        article.published_at = article.published_at or now
    db.session.flush()
    record(actor, f"knowledge.{action}", article, {"status": [before, target]}, now=now)
    return article


def record_view(article: Article, now: datetime) -> None:
    """Count a reader's visit without touching the article's version (an editor's open form
    stays valid while people read)."""
    db.session.execute(
        sa.update(Article)
        .where(Article.id == article.id)
        .values(view_count=Article.view_count + 1, last_viewed_at=now)
        .execution_options(synchronize_session=False)
    )


def give_feedback(article: Article, user, helped: bool, *, now) -> ArticleFeedback:
    """One answer per reader and article; answering again changes it."""
    feedback = db.session.scalar(
        sa.select(ArticleFeedback).filter_by(article_id=article.id, user_id=user.id)
    )
    if feedback is None:
        feedback = ArticleFeedback(article_id=article.id, user_id=user.id)
        db.session.add(feedback)
    feedback.helped, feedback.at = helped, now
    db.session.flush()
    return feedback


def deflect(article: Article, user, typed_title: str, *, now) -> Deflection:
    """The employee's request was answered by the article: counted, and no ticket is made."""
    give_feedback(article, user, True, now=now)
    deflection = Deflection(
        article=article, user_id=user.id, typed_title=typed_title.replace("\x00", "")[:200], at=now
    )
    db.session.add(deflection)
    db.session.flush()
    record(user, "knowledge.deflect", article, {"title": deflection.typed_title}, now=now)
    return deflection


def publish_workaround(problem, *, lang: str, title: str, visibility: str, actor, now) -> Article:
    """The problem's known workaround as a published article linked to the problem; publishing
    again updates the same article (a new version)."""
    if not (problem.workaround or "").strip():
        raise KnowledgeError({"workaround": ("empty_workaround",)})
    article = db.session.scalar(sa.select(Article).filter_by(problem_id=problem.id))
    body = problem.workaround.strip()
    data = ArticleInput(title=title, body_markdown=body, lang=lang, visibility=visibility)
    article = save_article(article, data, actor=actor, now=now)
    article.problem_id = problem.id
    if article.status != "published":
        move(article, "publish", actor=actor, now=now)
    return article


def canned_refusals(title: str, body_zh: str, body_en: str) -> dict[str, tuple[str, ...]]:
    errors = {}
    if not title.strip():
        errors["title"] = ("required",)
    elif len(title) > 120:
        errors["title"] = ("too_long", "120")
    if not (body_zh.strip() or body_en.strip()):
        errors["body_zh"] = ("one_language",)
    for name, value in (("title", title), ("body_zh", body_zh), ("body_en", body_en)):
        if len(value) > 20000:
            errors[name] = ("too_long", "20000")
        elif "\x00" in value:
            errors[name] = ("control_character",)
        elif unknown := rules.unknown_placeholders(value):
            errors[name] = ("unknown_placeholder", ", ".join(f"{{{n}}}" for n in unknown))
    return errors


def save_canned(canned, *, title, body_zh, body_en, shared, actor, now, version=None):
    """A canned response of the actor's, new or edited."""
    errors = canned_refusals(title, body_zh, body_en)
    if errors:
        raise KnowledgeError(errors)
    if canned is None:
        canned = CannedResponse(owner_id=actor.id, created_at=now)
        db.session.add(canned)
        details = {}
    else:
        check_version(canned, version)
        fields = {"title": title.strip(), "body_zh": body_zh, "body_en": body_en, "shared": shared}
        details = changes(canned, fields)
    canned.title, canned.body_zh, canned.body_en = title.strip(), body_zh, body_en
    canned.shared, canned.updated_at = shared, now
    db.session.flush()
    record(actor, "knowledge.canned_save", canned, details, now=now)
    return canned


def delete_canned(canned, *, actor, now) -> None:
    record(actor, "knowledge.canned_delete", canned, {"title": canned.title}, now=now)
    db.session.delete(canned)
    db.session.flush()
