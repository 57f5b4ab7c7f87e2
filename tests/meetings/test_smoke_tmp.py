from datetime import timedelta

from app.extensions import db, utcnow
from app.meetings.queries import local_today
from tests.meetings.helpers import item, meeting


def test_smoke(app, users, login_as):
    with app.app_context():
        m = meeting(minutes_markdown="# 纪要\n\n<script>x</script>**好**", decisions="一\n二")
        item(m, due_on=local_today(utcnow()) - timedelta(days=1))
        db.session.commit()
        mid = m.id
    c = login_as("manager")
    for url in [
        "/meetings/",
        f"/meetings/{mid}",
        "/meetings/new",
        f"/meetings/{mid}/edit",
        "/meetings/schedule",
        "/",
        f"/meetings/{mid}/minutes.pdf",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.text[:3000])
    a = login_as("agent").get("/")
    assert "My action items" in a.text
