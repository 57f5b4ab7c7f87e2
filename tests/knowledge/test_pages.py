"""Knowledge pages through the real app: who sees what, writing and versions, the request
form's suggestions and deflection, replies with canned responses and article links, and a
problem's workaround published as an article."""

import json
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.knowledge.models import Article, ArticleVersion, CannedResponse, Deflection
from app.tickets.models import Ticket
from tests.factories import open_ticket, person
from tests.knowledge.helpers import article

HTMX = {"HX-Request": "true"}


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_employee_sees_only_published_articles_for_employees(app, login_as):
    with app.app_context():
        public = article("Wi-Fi 证书过期", "在设置中更新证书。").id
        internal = article("打印服务器重启步骤", visibility="staff").id
        draft = article("草稿文章", status="draft").id
    employee = login_as("employee")
    assert employee.get(f"/knowledge/{public}").status_code == 200
    for hidden in (internal, draft):
        assert employee.get(f"/knowledge/{hidden}").status_code == 404
        assert employee.get(f"/knowledge/{hidden}/peek").status_code == 404
    page = employee.get("/knowledge/?q=证书").get_data(as_text=True)
    assert "Wi-Fi <mark>证书</mark>过期" in page and f"/knowledge/{public}?lang=zh" in page
    assert "打印服务器" not in employee.get("/knowledge/?q=打印").get_data(as_text=True)
    assert employee.get("/knowledge/new").status_code == 403
    agent = login_as("agent")
    assert agent.get(f"/knowledge/{internal}").status_code == 200
    assert agent.get(f"/knowledge/{draft}").status_code == 200


def test_staff_write_publish_and_compare_versions(app, login_as):
    agent = login_as("agent")
    response = agent.form(
        "/knowledge/new",
        {
            "lang": "zh",
            "title": "VPN 无法连接",
            "body_markdown": "1. 重启客户端",
            "visibility": "employees",
            "category": "sys",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalar(sa.select(Article))
        article_id, version = made.id, made.version
        assert made.status == "draft" and made.text("zh").revision == 1
    response = agent.form(
        f"/knowledge/{article_id}/edit?lang=zh",
        {
            "lang": "zh",
            "title": "VPN 无法连接",
            "body_markdown": "1. 重启客户端\n2. 检查证书",
            "visibility": "employees",
            "category": "sys",
            "version": str(version),
        },
    )
    assert response.status_code == 302
    english = {
        "lang": "en",
        "title": "VPN does not connect",
        "body_markdown": "Restart the client.",
        "visibility": "employees",
        "category": "sys",
    }
    assert agent.form(f"/knowledge/{article_id}/edit", english).status_code == 302
    page = agent.get(f"/knowledge/{article_id}/versions?lang=zh").get_data(as_text=True)
    assert "<ins>+ 2. 检查证书</ins>" in page
    with app.app_context():
        assert count(ArticleVersion) == 3
        version = db.session.get(Article, article_id).version
    assert (
        agent.form(f"/knowledge/{article_id}/move/publish", {"version": str(version)}).status_code
        == 302
    )
    employee = login_as("employee")
    assert "检查证书" in employee.get(f"/knowledge/{article_id}?lang=zh").get_data(as_text=True)
    assert "Restart the client" in employee.get(f"/knowledge/{article_id}?lang=en").get_data(
        as_text=True
    )


def test_bad_article_input_is_refused_and_nothing_is_saved(app, login_as):
    agent = login_as("agent")
    base = {"lang": "zh", "title": "大文章", "visibility": "employees", "category": ""}
    huge = agent.form("/knowledge/new", {**base, "body_markdown": "字" * 5_000_000})
    assert huge.status_code == 413 and "larger than allowed" in huge.get_data(as_text=True)
    long = agent.form("/knowledge/new", {**base, "body_markdown": "字" * 100_001})
    assert long.status_code == 422 and "100000" in long.get_data(as_text=True)
    nul = agent.form("/knowledge/new", {**base, "body_markdown": "a\x00b"})
    assert nul.status_code == 422
    wrong = agent.form("/knowledge/new", {**base, "visibility": "everyone", "body_markdown": "x"})
    assert wrong.status_code == 422
    with app.app_context():
        assert count(Article) == 0
    assert agent.form("/knowledge/1/move/explode", {}).status_code == 404


def test_an_edit_over_a_newer_version_is_a_conflict(app, login_as):
    with app.app_context():
        made = article("显示器黑屏", "检查电源。")
        article_id, stale = made.id, made.version
    agent = login_as("agent")
    first = {
        "lang": "zh",
        "title": "显示器黑屏",
        "body_markdown": "检查电源线。",
        "visibility": "employees",
        "category": "",
        "version": str(stale),
    }
    assert agent.form(f"/knowledge/{article_id}/edit", first).status_code == 302
    second = {**first, "body_markdown": "换一根线。"}
    response = agent.form(f"/knowledge/{article_id}/edit", second)
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Article, article_id).text("zh").body_markdown == "检查电源线。"


def test_scripts_in_an_article_never_reach_the_page(app, login_as):
    with app.app_context():
        article_id = article(
            "XSS",
            '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))',
        ).id
    page = login_as("employee").get(f"/knowledge/{article_id}").get_data(as_text=True)
    assert "alert(1)" not in page and "onerror" not in page and "javascript:alert" not in page


def test_a_suggested_article_answers_the_request_and_no_ticket_is_made(app, login_as):
    with app.app_context():
        article_id = article(
            "Wi-Fi 证书过期",
            "打开设置，更新 Wi-Fi 证书。",
            category="sys",
            also=("en", "Wi-Fi certificate expired", "Renew the Wi-Fi certificate."),
        ).id
        article("Wi-Fi 内部说明", visibility="staff")
    employee = login_as("employee")
    suggestions = employee.get("/knowledge/suggest?title=wifi 证书", headers=HTMX).get_data(
        as_text=True
    )
    # one suggestion per article, in the reader's language (the test client reads English)
    assert "Wi-Fi certificate expired" in suggestions and "内部说明" not in suggestions
    assert suggestions.count('data-testid="suggestion"') == 1
    assert "<mark>" in suggestions
    peek = employee.get(f"/knowledge/{article_id}/peek?title=连不上 wifi", headers=HTMX)
    assert 'data-testid="solved"' in peek.get_data(as_text=True)
    response = employee.form(
        f"/knowledge/{article_id}/solved", {"title": "连不上 wifi"}, headers=HTMX
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/tickets/mine"
    with app.app_context():
        deflection = db.session.scalar(sa.select(Deflection))
        assert (
            deflection.typed_title == "连不上 wifi"
            and deflection.user.email == "employee@client.example"
            or deflection.user is not None
        )
        assert count(Ticket) == 0
        assert db.session.get(Article, article_id).view_count == 1
    assert login_as("agent").form(f"/knowledge/{article_id}/solved", {}).status_code == 403
    assert (
        employee.get("/knowledge/suggest?title=", headers=HTMX).get_data(as_text=True).count("<li")
        == 0
    )


def test_helped_counts_one_answer_per_reader(app, login_as):
    with app.app_context():
        article_id = article("重置密码").id
    employee = login_as("employee")
    employee.form(f"/knowledge/{article_id}/feedback", {"helped": "1"})
    fragment = employee.form(f"/knowledge/{article_id}/feedback", {"helped": "0"}, headers=HTMX)
    assert "0 found it helpful, 1 did not" in fragment.get_data(as_text=True)
    login_as("approver").form(f"/knowledge/{article_id}/feedback", {"helped": "1"})
    page = employee.get(f"/knowledge/{article_id}").get_data(as_text=True)
    assert "1 found it helpful, 1 did not" in page


def test_canned_response_fills_the_ticket_in_the_requesters_language(app, login_as):
    with app.app_context():
        requester = person("employee")
        requester.language, requester.name = "zh", "张伟"
        number = open_ticket(requester).number
    agent = login_as("agent")
    body = {
        "title": "已解决",
        "body_zh": "{requester}，您好：{ticket}「{title}」已处理。——{agent}",
        "body_en": "Dear {requester}, {ticket} is done.",
        "shared": "y",
    }
    assert agent.form("/knowledge/canned/new", body).status_code == 302
    with app.app_context():
        canned_id = db.session.scalar(sa.select(CannedResponse.id))
    response = agent.get(f"/knowledge/canned/{canned_id}/fill?ticket={number}", headers=HTMX)
    assert response.status_code == 204
    text = json.loads(response.headers["HX-Trigger"])["deskpact:insert"]["text"]
    assert text == f"张伟，您好：{number}「Cannot join the Wi-Fi」已处理。——Agent Tester"
    assert agent.get(f"/knowledge/canned/{canned_id}/fill?ticket=INC-0").status_code == 404
    ticket_page = agent.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'data-testid="reply-tools"' in ticket_page and "已解决" in ticket_page
    assert 'data-testid="reply-tools"' not in login_as("employee").get(
        f"/tickets/{number}"
    ).get_data(as_text=True)
    typo = agent.form("/knowledge/canned/new", {**body, "body_en": "{tikcet}"})
    assert typo.status_code == 422 and "{tikcet}" in typo.get_data(as_text=True)
    engineer = login_as("engineer")
    assert engineer.get(f"/knowledge/canned/{canned_id}/edit").status_code == 404  # not theirs
    assert engineer.get(f"/knowledge/canned/{canned_id}/fill?ticket={number}").status_code == 204


def test_article_link_for_a_reply(app, login_as):
    with app.app_context():
        article_id = article("打印机卡纸", "打开后盖。").id
    agent = login_as("agent")
    picked = agent.get("/knowledge/pick?q=卡纸", headers=HTMX).get_data(as_text=True)
    assert "打印机卡纸" in picked
    response = agent.get(f"/knowledge/{article_id}/link", headers=HTMX)
    text = json.loads(response.headers["HX-Trigger"])["deskpact:insert"]["text"]
    assert text.startswith("打印机卡纸: http") and text.endswith(f"/knowledge/{article_id}")


def test_articles_unread_for_half_a_year_are_flagged(app, login_as):
    with app.app_context():
        old = article("旧文章")
        old.published_at = utcnow() - timedelta(days=200)
        article("新文章")
        db.session.commit()
        old_id = old.id
    agent = login_as("agent")
    review = agent.get("/knowledge/review").get_data(as_text=True)
    assert "旧文章" in review and "新文章" not in review
    assert 'data-testid="review-due"' in agent.get(f"/knowledge/{old_id}").get_data(as_text=True)
    assert "旧文章" not in agent.get("/knowledge/review").get_data(as_text=True)  # read now


def test_workaround_published_from_a_problem_links_both_ways(app, login_as):
    from tests.problems.helpers import problem

    with app.app_context():
        record = problem()
        record.workaround = "先用 USB 连接打印。"
        number, problem_id = record.number, record.id
        db.session.commit()
    manager = login_as("manager")
    response = manager.form(f"/problems/{number}/workaround-article", {"visibility": "employees"})
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalar(sa.select(Article))
        assert made.status == "published" and made.problem_id == problem_id
        assert made.text("en").title == "Workaround: Stripes on printouts"
        article_id = made.id
    assert f"/knowledge/{article_id}" in manager.get(f"/problems/{number}").get_data(as_text=True)
    assert number in manager.get(f"/knowledge/{article_id}").get_data(as_text=True)
    manager.form(f"/problems/{number}/workaround-article", {"visibility": "employees"})
    with app.app_context():
        assert count(Article) == 1  # published again: the same article, a new version
    assert login_as("agent").form(f"/problems/{number}/workaround-article", {}).status_code == 403


def test_the_dashboard_counts_answered_requests(app, login_as):
    with app.app_context():
        article_id = article("Wi-Fi 证书过期").id
    employee = login_as("employee")
    employee.form(f"/knowledge/{article_id}/solved", {"title": "wifi"})
    page = login_as("manager").get("/").get_data(as_text=True)
    assert 'data-testid="deflected-count">1<' in page
