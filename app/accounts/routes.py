"""Sign-in and sign-out, the user's own profile, and the admin's user pages."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts import bp, directory, routes_totp, services, sessions
from app.accounts.forms import ROLE_LABELS, LoginForm, PasswordForm, TokenForm, UserForm
from app.accounts.models import ApiToken, Department, User, UserSession
from app.accounts.roles import ADMIN, ADMINS, EVERYONE
from app.audit.services import record
from app.extensions import db, utcnow
from app.web.access import allow, public
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.redirects import local_path
from app.web.render import render
from app.web.unit_of_work import keep_writes

PER_PAGE = 50


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in."""
    return local_path(target) or url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password; the same message for every failure."""
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(
            form.email.data,
            form.password.data,
            source=request.remote_addr or "",
            now=utcnow(),
            limits=services.sign_in_limits(current_app.config),
            directory=directory.authenticate if directory.configured() else None,
        )
        keep_writes()  # a failed attempt is counted and audited although it answers 401
        if user and user.totp_enabled:
            return routes_totp.ask_second_factor(user, request.args.get("next"))
        if user:
            sessions.start(user)
            return redirect(safe_next(request.args.get("next")))
        flash(_("Wrong email or password, or too many attempts. Try again later."), "error")
        return render(
            "accounts/login.html", form=form, status=401, directory=directory.configured()
        )
    status = 422 if form.errors else 200
    return render("accounts/login.html", form=form, status=status, directory=directory.configured())


@bp.post("/logout")
@allow(EVERYONE)
def logout():
    """Sign out, everywhere: a session left open on another machine (a shared PC, a lost
    phone) ends too, as a person signing out expects."""
    lang = session.get("lang")
    if current_user.is_authenticated:
        if (this_one := sessions.current(current_user)) is not None:
            sessions.end(this_one, actor=current_user)
        if ended := services.end_sessions(current_user):
            record(current_user, "user.sessions_end", current_user, {"count": ended})
    logout_user()
    session.clear()
    session["lang"] = lang
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.get("/profile")
@allow(EVERYONE)
def profile():
    """The user's own profile: password and API tokens."""
    return render_profile()


def render_profile(password_form=None, token_form=None, new_token=None, status=200):
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id)
    ).all()
    return render(
        "accounts/profile.html",
        status=status,
        password_form=password_form or PasswordForm(prefix="pw"),
        token_form=token_form or TokenForm(prefix="tk"),
        tokens=tokens,
        new_token=new_token,
        sessions=sessions.live_sessions(current_user),
        this_session=session.get(sessions.SESSION_KEY),
        role_labels=ROLE_LABELS,
    )


@bp.post("/profile/password")
@allow(EVERYONE)
def change_password():
    """Change one's own password after proving the current one."""
    form = PasswordForm(prefix="pw")
    form.owner = current_user
    if form.validate_on_submit():
        if current_user.check_password(form.current.data):
            services.change_password(
                current_user,
                form.new.data,
                actor=current_user,
                keep_session=session.get(sessions.SESSION_KEY),
            )
            login_user(current_user._get_current_object())  # this session goes on, others end
            flash(_("Password changed."), "success")
            return redirect(url_for("accounts.profile"))
        form.current.errors.append(_("The current password is wrong."))
    return render_profile(password_form=form, status=422)


@bp.post("/profile/tokens")
@allow(EVERYONE)
def create_token():
    """Make an API token; it is shown once."""
    form = TokenForm(prefix="tk")
    if not form.validate_on_submit():
        return render_profile(token_form=form, status=422)
    token = services.issue_token(
        current_user,
        actor=current_user,
        label=form.label.data,
        valid_days=int(form.lifetime.data) if form.lifetime.data else None,
    )
    return render_profile(new_token=token)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@allow(EVERYONE)
def revoke_token(token_id: int):
    """Revoke one of one's own API tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    services.revoke_token(token, actor=current_user)
    flash(_("Token revoked."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/sessions/<session_id>/end")
@allow(EVERYONE)
def end_session(session_id: str):
    """End one of one's own other sessions (a browser left signed in elsewhere)."""
    row = db.session.get(UserSession, session_id[:43])
    if row is None or row.user_id != current_user.id:
        abort(404)
    sessions.end(row, actor=current_user)
    flash(_("That session has ended."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/sessions/end-others")
@allow(EVERYONE)
def end_other_sessions():
    """End every session of one's own but this one."""
    ended = services.end_sessions(current_user, keep=session.get(sessions.SESSION_KEY))
    login_user(current_user._get_current_object())  # the new epoch, for this session
    record(current_user, "user.sessions_end", current_user, {"count": ended})
    flash(_("Your other sessions have ended."), "success")
    return redirect(url_for("accounts.profile"))


@bp.get("/admin/users")
@allow(ADMINS)
def users():
    """All users, searchable, paginated."""
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    page = max(request.args.get("page", 1, type=int), 1)
    query = sa.select(User).order_by(User.name)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(User.name.ilike(like), User.email.ilike(like), User.phone.ilike(like))
        )
    if role in ROLE_LABELS:
        query = query.where(User.role == role)
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return render(
        "accounts/users.html", "results", users=pagination, q=q, role=role, role_labels=ROLE_LABELS
    )


def department_choices():
    lang = current_lang()
    departments = db.session.scalars(sa.select(Department).order_by(Department.code))
    return options([(0, "—")] + [(d.id, d.name(lang)) for d in departments])


@bp.route("/admin/users/new", methods=["GET", "POST"])
@allow(ADMINS)
def new_user():
    """Create a user."""
    form = UserForm()
    form.department_id.choices = department_choices()
    if form.validate_on_submit():
        try:
            values = form.values()
            user = services.create_user(actor=current_user, password=form.password.data, **values)
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("User %(name)s created.", name=user.name), "success")
            return redirect(url_for("accounts.users"))
    return render(
        "accounts/user_form.html", form=form, user=None, status=422 if form.errors else 200
    )


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@allow(ADMINS)
def edit_user(user_id: int):
    """Edit a user, change the role, or deactivate the account."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    form.department_id.choices = department_choices()
    if request.method == "GET":
        form.department_id.data = user.department_id or 0
    if form.validate_on_submit():
        values = form.values()
        if user.id == current_user.id and (not values["active"] or values["role"] != ADMIN):
            form.active.errors.append(_("You cannot deactivate or demote yourself."))
        else:
            try:
                services.update_user(user, values, actor=current_user)
                if form.password.data:
                    services.change_password(user, form.password.data, actor=current_user)
            except services.AccountError as error:
                form.email.errors.append(str(error))
            else:
                flash(_("User %(name)s saved.", name=user.name), "success")
                return redirect(url_for("accounts.users"))
    return render(
        "accounts/user_form.html", form=form, user=user, status=422 if form.errors else 200
    )
