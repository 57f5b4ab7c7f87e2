"""Home dashboards and the language switch."""

from pathlib import Path

from flask import current_app, redirect, request, session, url_for
from flask_login import current_user

from app.web import bp, dashboards
from app.web.access import public, signed_in
from app.web.redirects import local_path
from app.web.render import render


@bp.get("/")
@signed_in
def home():
    """The signed-in user's dashboard, by role."""
    panels = dashboards.panels_for(current_user)
    return render("web/home.html", panels=panels)


@bp.post("/language/<code>")
@public
def set_language(code: str):
    """Switch the interface language; remembered on the user's profile when signed in."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.language = code
    return redirect(local_path(request.form.get("next")) or url_for("web.home"))


@bp.get("/favicon.ico")
@public
def favicon():
    """Browsers and bookmarks ask for /favicon.ico whatever the page says: the same icon."""
    # a small file read whole, so no open file outlives a request nobody reads to the end
    icon = (Path(current_app.static_folder) / "favicon.svg").read_bytes()
    response = current_app.response_class(icon, mimetype="image/svg+xml")
    response.cache_control.max_age = 86400
    return response


@bp.get("/healthz")
@public
def healthz():
    """Liveness probe for load balancers."""
    return {"status": "ok"}
