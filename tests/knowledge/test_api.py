"""/api/v1/knowledge/articles as API.md promises it: search, one article, writing one."""

import pytest

from tests.knowledge.helpers import article


@pytest.fixture
def articles(app, users):
    with app.app_context():
        return {
            "public": article(
                "网络打印机无法打印",
                "检查网线。",
                category="hw",
                also=("en", "Network printer does not print", "Check the cable."),
            ).id,
            "staff": article("打印服务器重启", visibility="staff").id,
            "draft": article("打印机草稿", status="draft").id,
        }


def test_search_for_employees_and_staff(api, articles):
    employee = api("employee").get("/api/v1/knowledge/articles?q=打印机").get_json()
    assert [(i["id"], i["lang"]) for i in employee["items"]] == [(articles["public"], "zh")]
    item = employee["items"][0]
    assert item["title"] == "网络打印机无法打印" and item["visibility"] == "employees"
    assert "snippet" in item and employee["total"] == 1
    staff = api("agent").get("/api/v1/knowledge/articles?q=打印").get_json()
    assert {i["id"] for i in staff["items"]} == set(articles.values())
    english = api("employee").get("/api/v1/knowledge/articles?q=printing").get_json()
    assert [(i["id"], i["lang"]) for i in english["items"]] == [(articles["public"], "en")]


def test_one_article_with_its_html(api, articles):
    body = (
        api("employee").get(f"/api/v1/knowledge/articles/{articles['public']}?lang=en").get_json()
    )
    assert body["title"] == "Network printer does not print"
    assert body["body_html"] == "<p>Check the cable.</p>" and body["languages"] == ["zh", "en"]
    assert body["updated_at"].endswith("+08:00")
    for hidden in ("staff", "draft"):
        response = api("employee").get(f"/api/v1/knowledge/articles/{articles[hidden]}")
        assert response.status_code == 404
    assert api("approver").get(f"/api/v1/knowledge/articles/{articles['staff']}").status_code == 404
    assert api("agent").get(f"/api/v1/knowledge/articles/{articles['staff']}").status_code == 200
    assert api("agent").get("/api/v1/knowledge/articles/99999999999").status_code == 404


def test_staff_write_an_article(api, users):
    new = {
        "title": "VPN 无法连接",
        "body_markdown": "**重启**客户端",
        "lang": "zh",
        "visibility": "staff",
        "category": "sys",
    }
    response = api("agent").post("/api/v1/knowledge/articles", new)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft" and body["body_html"] == "<p><strong>重启</strong>客户端</p>"
    published = api("agent").post("/api/v1/knowledge/articles", {**new, "status": "published"})
    assert published.get_json()["status"] == "published"
    assert api("employee").post("/api/v1/knowledge/articles", new).status_code == 403


def test_bad_input_is_refused_with_reasons(api, users):
    agent = api("agent")
    cases = [
        ({"title": "", "body_markdown": "x"}, "title"),
        ({"title": "x", "body_markdown": "a" * 5_000_000}, "body_markdown"),  # a 5 MB article
        ({"title": "x", "body_markdown": "字" * 1_000_000}, "body_markdown"),
        ({"title": "x\x00", "body_markdown": "x"}, "title"),
        ({"title": "x", "body_markdown": "x", "lang": "fr"}, "lang"),
        ({"title": "x", "body_markdown": "x", "visibility": "all"}, "visibility"),
        ({"title": "x", "body_markdown": "x", "category": "nope"}, "category"),
        ({"title": 5, "body_markdown": "x"}, "title"),
        ({"title": "x", "body_markdown": "x", "status": "retired"}, "status"),
    ]
    for body, field in cases:
        response = agent.post("/api/v1/knowledge/articles", body)
        assert response.status_code == 400, body
        assert field in response.get_json()["error"]["fields"], body
    assert agent.get("/api/v1/knowledge/articles?q=" + "x" * 201).status_code == 400
    assert agent.get("/api/v1/knowledge/articles?category=zz").status_code == 400
    for query in ['"*"', "NEAR(", "' OR 1=1 --", "*"]:
        assert agent.get(f"/api/v1/knowledge/articles?q={query}").status_code == 200, query
    nul = agent.get("/api/v1/knowledge/articles?q=%00")  # refused before any search
    assert nul.status_code == 400 and "cannot be stored" in nul.get_json()["error"]["message"]
    assert agent.get("/api/v1/knowledge/articles").get_json()["items"] == []
