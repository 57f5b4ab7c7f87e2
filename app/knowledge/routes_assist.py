"""The knowledge base at work elsewhere: suggestions beside the request form and the request
they answer, "this helped", article links and canned responses put into a ticket reply, and a
problem's workaround published as an article."""

import json

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db, utcnow
from app.knowledge import bp, forms, policy, queries, rules, search, services
from app.knowledge.labels import refusal_text
from app.knowledge.routes import readable_or_404
from app.problems import policy as problem_policy
from app.problems import queries as problem_queries
from app.tickets import queries as ticket_queries
from app.web.access import allow
from app.web.forms import require_csrf
from app.web.i18n import current_lang
from app.web.render import render, wants_fragment
from app.web.unit_of_work import keep_writes

SUGGESTERS = policy.READERS  # the request form serves employees and the desk alike


def suggestions(title: str) -> list:
    """Published articles for employees that the title finds, best first: one text per
    article, in the reader's language where the article has it."""
    if not title.strip():
        return []
    found = search.matching(title, staff=False, any_word=True)
    chosen: dict[int, object] = {}
    for text in db.session.scalars(found.limit(4 * rules.SUGGESTIONS)):
        if text.article_id not in chosen or text.lang == current_lang():
            chosen[text.article_id] = text
    return list(chosen.values())[: rules.SUGGESTIONS]


@bp.get("/knowledge/suggest")
@allow(SUGGESTERS)
def suggest():
    """Beside the request form: up to five articles for what the employee is typing."""
    title = request.args.get("title", "")[:200]
    texts = suggestions(title)
    return render(
        "knowledge/_partials/suggestions.html",
        texts=texts,
        title=title,
        snippet=lambda text: search.snippet(text, title),
    )


@bp.get("/knowledge/<int:article_id>/peek")
@allow(SUGGESTERS)
def peek(article_id: int):
    """The suggested article opened beside the form, the request kept as typed."""
    article = readable_or_404(article_id)
    services.record_view(article, utcnow())
    context = {
        "article": article,
        "text": article.text(current_lang()),
        "title": request.args.get("title", "")[:200],
        "deflect": policy.can_deflect(current_user),
    }
    keep_writes()  # the view is counted though this is a read
    return render("knowledge/_partials/peek.html", **context)


@bp.post("/knowledge/<int:article_id>/solved")
@allow(policy.DEFLECTORS)
def solved(article_id: int):
    """ "This solved it": the request is answered and no ticket is filed."""
    article = readable_or_404(article_id)
    require_csrf()
    services.deflect(article, current_user, request.form.get("title", ""), now=utcnow())
    flash(_("Glad it is solved. No request was filed."), "success")
    target = url_for("tickets.mine")
    if request.htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


@bp.post("/knowledge/<int:article_id>/feedback")
@allow(policy.READERS)
def feedback(article_id: int):
    """ "This helped" or "did not help"; answering again changes the answer."""
    article = readable_or_404(article_id)
    require_csrf()
    helped = request.form.get("helped") == "1"
    services.give_feedback(article, current_user, helped, now=utcnow())
    if wants_fragment():
        context = dict(article=article, mine=helped, counts=queries.feedback_counts(article.id))
        return render("knowledge/_partials/feedback.html", **context)
    flash(_("Thank you for telling us."), "success")
    return redirect(url_for("knowledge.detail", article_id=article.id))


def insert_text(text: str):
    """Nothing to swap: the page's script puts `text` into the reply box (HX-Trigger)."""
    response = make_response("", 204)
    response.headers["HX-Trigger"] = json.dumps({"deskpact:insert": {"text": text}})
    return response


@bp.get("/knowledge/pick")
@allow(policy.EDITORS)
def pick():
    """For a reply: articles the agent searches for, each with an "insert link" button."""
    q = request.args.get("q", "")[:200]
    texts = db.session.scalars(search.matching(q, staff=True).limit(8)).all() if q.strip() else []
    return render("knowledge/_partials/pick.html", texts=texts, q=q)


@bp.get("/knowledge/<int:article_id>/link")
@allow(policy.EDITORS)
def link(article_id: int):
    """The article's title and address, for the reply box."""
    article = readable_or_404(article_id)
    text = article.text(request.args.get("lang", "") or current_lang())
    address = url_for("knowledge.detail", article_id=article.id, _external=True)
    return insert_text(f"{text.title}: {address}")


@bp.get("/knowledge/canned/<int:canned_id>/fill")
@allow(policy.EDITORS)
def fill(canned_id: int):
    """A canned response with the ticket's requester, number and title filled in, in the
    requester's language."""
    canned = queries.canned(canned_id)
    ticket = db.session.scalar(ticket_queries.get_by_number(request.args.get("ticket", "")))
    if canned is None or ticket is None or not policy.can_use_canned(current_user, canned):
        abort(404)
    requester = ticket.requester
    values = {
        "requester": requester.name if requester else "",
        "ticket": ticket.number,
        "title": ticket.title,
        "agent": current_user.name,
    }
    lang = getattr(requester, "language", None) or current_lang()
    return insert_text(rules.fill_placeholders(canned.body(lang), values))


@bp.post("/problems/<number>/workaround-article")
@allow(problem_policy.MANAGE)
def publish_workaround(number: str):
    """The problem's known workaround published as an article, linked both ways."""
    problem = db.session.scalar(problem_queries.get_by_number(number))
    if problem is None:
        abort(404)
    form = forms.WorkaroundForm()
    if not form.validate_on_submit():
        abort(400)
    title = _("Workaround: %(title)s", title=problem.title)[: rules.MAX_TITLE]
    try:
        article = services.publish_workaround(
            problem,
            lang=current_lang(),
            title=title,
            visibility=form.visibility.data,
            actor=current_user,
            now=utcnow(),
        )
    except services.KnowledgeError as error:
        flash(" ".join(refusal_text(r) for r in error.fields.values()), "error")
        return redirect(url_for("problems.detail", number=number), 303)
    flash(_("The workaround is published as an article."), "success")
    return redirect(url_for("knowledge.detail", article_id=article.id))
