"""The manager's group-chat robots: which group hears about which events."""

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.roles import MANAGERS
from app.chat import bp, services
from app.chat.forms import RobotForm
from app.chat.labels import EVENT_LABELS, SERVICE_LABELS
from app.chat.models import ChatMessage, ChatRobot
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import require_csrf
from app.web.render import render

WEBHOOK_PROBLEMS = {
    "scheme": _l("The address must start with https://."),
    "host": _l("This is not the address of a WeCom, DingTalk or Feishu robot."),
    "service": _l("Choose a service."),
}


def robots_page(**context):
    robots = db.session.scalars(sa.select(ChatRobot).order_by(ChatRobot.name)).all()
    counts = dict(
        db.session.execute(
            sa.select(ChatMessage.robot_id, sa.func.count(ChatMessage.id))
            .where(ChatMessage.status == "failed")
            .group_by(ChatMessage.robot_id)
        ).all()
    )
    return render(
        "chat/robots.html",
        robots=robots,
        failed=counts,
        event_labels=EVENT_LABELS,
        service_labels=SERVICE_LABELS,
        **context,
    )


@bp.get("/")
@allow(MANAGERS)
def robots():
    """The group chats and what each hears about."""
    return robots_page()


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:robot_id>", methods=["GET", "POST"])
@allow(MANAGERS)
def edit_robot(robot_id: int | None = None):
    """Add a group chat's robot, or change one."""
    robot = db.get_or_404(ChatRobot, robot_id) if robot_id else None
    form = RobotForm(obj=robot)
    if robot is not None and not form.is_submitted():
        form.webhook_url.data = services.masked_webhook(robot.webhook_url)  # the key stays hidden
    if form.validate_on_submit():
        try:
            services.save_robot(robot, form.values(), actor=current_user, now=utcnow())
        except services.RobotError as error:
            form.webhook_url.errors.append(WEBHOOK_PROBLEMS[str(error)])
        else:
            flash(_("Group chat %(name)s saved.", name=form.name.data), "success")
            return redirect(url_for("chat.robots"))
    status = 422 if form.errors else 200
    return render("chat/robot_form.html", form=form, robot=robot, status=status)


@bp.post("/<int:robot_id>/delete")
@allow(MANAGERS)
def delete_robot(robot_id: int):
    """Remove a group chat's robot; what it had not delivered goes with it."""
    require_csrf()
    robot = db.get_or_404(ChatRobot, robot_id)
    services.delete_robot(robot, actor=current_user, now=utcnow())
    flash(_("Group chat %(name)s removed.", name=robot.name), "success")
    return redirect(url_for("chat.robots"))


@bp.post("/<int:robot_id>/test")
@allow(MANAGERS)
def test_robot(robot_id: int):
    """Queue a test message for the group; the worker delivers it within a minute."""
    require_csrf()
    robot = db.get_or_404(ChatRobot, robot_id)
    now = utcnow()
    services.send_test(robot, actor=current_user, now=now)
    flash(_("A test message is on its way to %(name)s.", name=robot.name), "info")
    return redirect(url_for("chat.robots"))
