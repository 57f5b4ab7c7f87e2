"""Knowledge pages: search and browse, an article with its feedback, writing and publishing,
versions side by side, and the articles due for review."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db, utcnow
from app.knowledge import bp, forms, policy, queries, rules, search, services
from app.knowledge.labels import category_options, refusal_text, status_label
from app.knowledge.models import Article
from app.tickets.catalog import GROUPS
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render
from app.web.unit_of_work import keep_writes

PER_PAGE = 20


def readable_or_404(article_id: int) -> Article:
    article = queries.article(article_id)
    if not policy.can_read(current_user, article):
        abort(404)
    return article


def chosen_lang(article: Article) -> str:
    wanted = request.args.get("lang", "")
    return wanted if wanted in rules.LANGUAGES else current_lang()


@bp.get("/knowledge/")
@allow(policy.READERS)
def index():
    """Search the articles this reader may read; the list updates as they type."""
    staff = policy.is_staff(current_user)
    q = request.args.get("q", "")[:200]
    category = request.args.get("category", "")
    category = category if category in GROUPS else ""
    status = request.args.get("status", "") if staff else ""
    statuses = [status] if status in rules.STATUSES else None
    hits = db.paginate(
        search.matching(q, staff=staff, statuses=statuses, category=category),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render(
        "knowledge/index.html",
        "results",
        hits=hits,
        q=q,
        category=category,
        status_filter=status,
        categories=category_options(),
        snippet=lambda text: search.snippet(text, q),
        marked=lambda words: search.marked(words, q),
        review_count=len(queries.review_due(utcnow())) if staff else 0,
    )


def detail_context(article: Article, lang: str) -> dict:
    return {
        "article": article,
        "text": article.text(lang),
        "counts": queries.feedback_counts(article.id),
        "mine": queries.my_feedback(article.id, current_user),
        "edit": policy.can_edit(current_user),
        "actions": rules.actions_from(article.status) if policy.can_edit(current_user) else [],
        "move_form": forms.MoveForm(version=str(article.version)),
        "review_due": rules.review_due(article.last_viewed_at, article.published_at, utcnow()),
    }


@bp.get("/knowledge/<int:article_id>")
@allow(policy.READERS)
def detail(article_id: int):
    """The article in the reader's language (or the other one), with "this helped"."""
    article = readable_or_404(article_id)
    context = detail_context(article, chosen_lang(article))
    services.record_view(article, utcnow())
    keep_writes()  # a read is counted (S11 review of unread articles)
    return render("knowledge/detail.html", "main", **context)


def article_form(article: Article | None, lang: str) -> forms.ArticleForm:
    if article is None or request.method == "POST":
        form = forms.ArticleForm()
    else:
        text = next((t for t in article.texts if t.lang == lang), None)
        form = forms.ArticleForm(
            lang=lang,
            title=text.title if text else "",
            body_markdown=text.body_markdown if text else "",
            visibility=article.visibility,
            category=article.category,
            version=str(article.version),
        )
    form.category.choices = options(category_options())
    return form


def save(article: Article | None, form: forms.ArticleForm) -> tuple[Article | None, int]:
    """Save the form through the service: (the article, 200), or (None, 422 or 409) with the
    reasons on the form."""
    data = services.ArticleInput(
        title=form.title.data or "",
        body_markdown=form.body_markdown.data or "",
        lang=form.lang.data,
        visibility=form.visibility.data,
        category=form.category.data or "",
    )
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        saved = services.save_article(
            article, data, actor=current_user, now=utcnow(), version=version
        )
    except services.KnowledgeError as error:
        for name, refusal in error.fields.items():
            getattr(form, name, form.title).errors.append(refusal_text(refusal))
        return None, 422
    except services.ConflictError:
        form.title.errors.append(_("Someone saved this article meanwhile. Reload to see it."))
        return None, 409
    return saved, 200


@bp.route("/knowledge/new", methods=["GET", "POST"])
@allow(policy.EDITORS)
def new():
    """Write an article; it starts as a draft."""
    form = article_form(None, current_lang())
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        article, status = save(None, form)
        if article:
            flash(_("Article saved as a draft."), "success")
            return redirect(url_for("knowledge.detail", article_id=article.id, lang=form.lang.data))
    return render("knowledge/edit.html", "form", status, form=form)


@bp.route("/knowledge/<int:article_id>/edit", methods=["GET", "POST"])
@allow(policy.EDITORS)
def edit(article_id: int):
    """Edit one language's text (a new version), the audience and the area."""
    article = readable_or_404(article_id)
    form = article_form(article, chosen_lang(article))
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        saved, status = save(article, form)
        if saved:
            flash(_("Article saved."), "success")
            return redirect(url_for("knowledge.detail", article_id=article.id, lang=form.lang.data))
    return render("knowledge/edit.html", "form", status, form=form, article=article)


@bp.post("/knowledge/<int:article_id>/move/<action>")
@allow(policy.EDITORS)
def move(article_id: int, action: str):
    """Publish, retire, or take back to draft."""
    article = readable_or_404(article_id)
    if action not in rules.TRANSITIONS:
        abort(404)
    form = forms.MoveForm()
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    if not form.validate_on_submit():
        abort(400)
    try:
        services.move(article, action, actor=current_user, now=utcnow(), version=version)
    except services.KnowledgeError as error:
        flash(" ".join(refusal_text(r) for r in error.fields.values()), "error")
        context = detail_context(article, current_lang())
        return render("knowledge/detail.html", "main", 422, **context)
    except services.ConflictError:
        abort(409)
    flash(_("The article is now: %(status)s.", status=status_label(article.status)), "success")
    return redirect(url_for("knowledge.detail", article_id=article.id))


@bp.get("/knowledge/<int:article_id>/versions")
@allow(policy.EDITORS)
def versions(article_id: int):
    """Every version of one language's text; two chosen ones compared line by line."""
    article = readable_or_404(article_id)
    lang = chosen_lang(article)
    listed = queries.versions(article.id, lang)
    newer = request.args.get("b", type=int) or (listed[0].number if listed else 0)
    older = request.args.get("a", type=int) or max(newer - 1, 1)
    a, b = (queries.version(article.id, lang, n) for n in (older, newer))
    diff = rules.diff_lines(a.body_markdown, b.body_markdown) if a and b else []
    context = dict(article=article, lang=lang, listed=listed, a=a, b=b, diff=diff)
    return render("knowledge/versions.html", "diff", **context)


@bp.get("/knowledge/review")
@allow(policy.EDITORS)
def review():
    """Published articles nobody opened for half a year: still right, still needed?"""
    return render("knowledge/review.html", articles=queries.review_due(utcnow()))
