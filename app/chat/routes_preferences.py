"""Each person's notification preferences: mail, group chat or only the portal, per topic."""

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length

from app.accounts.roles import EVERYONE
from app.chat import notifications_bp, policy, preferences
from app.chat.labels import SERVICE_LABELS
from app.chat.models import ChatRobot
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
