"""Each person's notification preferences (mail, group chat or only the portal, per topic)
and their list of notices in the portal."""

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length

from app.accounts.roles import EVERYONE
from app.chat import inbox, notifications_bp, policy, preferences
from app.chat.labels import SERVICE_LABELS
from app.chat.models import ChatRobot, Notification
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import Storable, options
from app.web.render import render


class PreferencesForm(FlaskForm):
    robot_id = SelectField(_l("My group chat"), coerce=int)
    chat_user_id = StringField(
        _l("My user id in that chat service"), validators=[Length(max=64), Storable()]
    )


for _topic, _label in preferences.TOPIC_LABELS.items():
    setattr(
        PreferencesForm,
        f"topic_{_topic}",
        SelectField(_label, choices=options(preferences.CHANNEL_LABELS.items())),
    )


def make_form():
    form = PreferencesForm()
    robots = (
        db.session.scalars(
            sa.select(ChatRobot).where(ChatRobot.active.is_(True)).order_by(ChatRobot.name)
        )
        if policy.can_link_chat(current_user)
        else []
    )
    form.robot_id.choices = options(
        [(0, "—")]
        + [
            (r.id, _("%(name)s (%(service)s)", name=r.name, service=SERVICE_LABELS[r.service]))
            for r in robots
        ]
    )
    return form


@notifications_bp.route("/", methods=["GET", "POST"])
@allow(EVERYONE)
def edit():
    """Choose how each kind of notice reaches me."""
    user, form = current_user, make_form()
    if form.validate_on_submit():
        chosen = {t: form[f"topic_{t}"].data for t in preferences.TOPICS}
        preferences.save(
            user,
            chosen,
            robot_id=form.robot_id.data or None,
            chat_user_id=form.chat_user_id.data or "",
            now=utcnow(),
        )
        flash(_("Your notification choices are saved."), "success")
        return redirect(url_for("notifications.edit"))
    if not form.is_submitted():
        for topic, channel in preferences.preferences(user).items():
            form[f"topic_{topic}"].data = channel
        link = preferences.link_of(user)
        form.robot_id.data = link.robot_id if link else 0
        form.chat_user_id.data = link.chat_user_id if link else ""
    status = 422 if form.errors else 200
    topics = [form[f"topic_{t}"] for t in preferences.TOPICS]
    chat_allowed = policy.can_link_chat(current_user)
    return render(
        "chat/notifications.html",
        form=form,
        topics=topics,
        chat_allowed=chat_allowed,
        status=status,
    )


@notifications_bp.get("/list")
@allow(EVERYONE)
def inbox_list():
    """My notices in the portal, newest first, the unread ones marked."""
    notices = inbox.latest(current_user)
    return render("chat/inbox.html", notices=notices, unread=inbox.unread_count(current_user))


@notifications_bp.post("/list/<int:notice_id>/open")
@allow(EVERYONE)
def open_notice(notice_id: int):
    """Open one of my notices: it is marked read and its page opens."""
    notice = db.session.get(Notification, notice_id)
    if notice is None or notice.user_id != current_user.id:
        abort(404)
    inbox.mark_read(current_user, now=utcnow(), notice_id=notice.id)
    # only the portal's own paths: a stored link never sends anyone elsewhere
    local = notice.link.startswith("/") and not notice.link.startswith("//")
    return redirect(notice.link if local else url_for("notifications.inbox_list"))


@notifications_bp.post("/list/read")
@allow(EVERYONE)
def mark_all_read():
    """Mark all my notices read."""
    inbox.mark_read(current_user, now=utcnow())
    return redirect(url_for("notifications.inbox_list"))
