"""Questionnaires as versioned data: the manager edits and previews; old answers keep theirs."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.surveys import services
from app.surveys.models import Questionnaire, Response
from tests.factories import closed_ticket
from tests.surveys.helpers import answer, invitation_of


def editor_fields(page: str) -> dict:
    """The editor's current values as a browser would post them."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value and ('type="checkbox"' not in tag or " checked" in tag):
            data[name.group(1)] = value.group(1)
    for name, value in re.findall(r'name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        data[name] = value
    for name, block in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', block
        )
        if chosen:
            data[name] = chosen.group(1) or chosen.group(2)
    data.pop("add_question", None)
    data.pop("save", None)
    return data


def test_editing_makes_a_new_version_and_old_answers_keep_theirs(app, users, login_as):
    with app.test_request_context():
        invitation = invitation_of(closed_ticket(users["employee"], users["agent"]))
        old = answer(invitation, {"overall": "5"})
        old_version = old.questionnaire_id
    manager = login_as("manager")
    page = manager.get("/surveys/questionnaires/ticket/edit").get_data(as_text=True)
    data = editor_fields(page)
    assert data["questions-0-code"] == "overall"
    data["questions-1-text_en"] = "How fast did we fix it?"
    data["questions-1-text_zh"] = "我们修复得快吗？"
    data["questions-4-remove"] = "y"  # drop the comment question
    data["save"] = "Save"
    saved = manager.form("/surveys/questionnaires/ticket/edit", data)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app.app_context():
        versions = db.session.scalars(
            sa.select(Questionnaire)
            .where(Questionnaire.purpose == "ticket")
            .order_by(Questionnaire.version)
        ).all()
        assert [v.version for v in versions] == [1, 2]
        assert [q.code for q in versions[1].questions] == ["overall", "speed", "attitude", "solved"]
        assert versions[1].questions[1].text_en == "How fast did we fix it?"
        assert versions[0].questions[1].text_en == "How satisfied are you with the speed?"
        assert db.session.get(Response, old.id).questionnaire_id == old_version == versions[0].id
        assert services.current_questionnaire("ticket").version == 2
    preview = manager.get(saved.headers["Location"])
    assert "How fast did we fix it?" in preview.get_data(as_text=True)
    chinese = manager.get(saved.headers["Location"] + "?lang=zh").get_data(as_text=True)
    assert "我们修复得快吗？" in chinese


def test_the_first_question_must_stay_the_overall_rating(app, users, login_as):
    manager = login_as("manager")
    data = editor_fields(manager.get("/surveys/questionnaires/ticket/edit").get_data(as_text=True))
    data["questions-0-kind"] = "text"
    data["save"] = "Save"
    response = manager.form("/surveys/questionnaires/ticket/edit", data)
    assert response.status_code == 422
    assert "must stay the overall rating" in response.get_data(as_text=True)
    with app.app_context():
        # nothing was saved: at most the defaults (version 1), never a version 2
        assert (db.session.scalar(sa.select(sa.func.max(Questionnaire.version))) or 1) == 1


def test_a_choice_question_needs_options_in_both_languages(app, users, login_as):
    manager = login_as("manager")
    data = editor_fields(
        manager.get("/surveys/questionnaires/relationship/edit").get_data(as_text=True)
    )
    data["add_question"] = "Add"
    page = manager.form("/surveys/questionnaires/relationship/edit", data).get_data(as_text=True)
    assert "questions-5-text_en" in page
    data = editor_fields(page)
    data.update(
        {
            "questions-5-kind": "choice",
            "questions-5-code": "floor",
            "questions-5-text_zh": "您在哪一层？",
            "questions-5-text_en": "Which floor are you on?",
            "questions-5-choices": "一楼 | Ground floor",
            "save": "Save",
        }
    )
    refused = manager.form("/surveys/questionnaires/relationship/edit", data)
    assert refused.status_code == 422
    assert "at least two options" in refused.get_data(as_text=True)
    data["questions-5-choices"] = "一楼 | Ground floor\n二楼 | First floor"
    assert manager.form("/surveys/questionnaires/relationship/edit", data).status_code == 302
    with app.app_context():
        current = services.current_questionnaire("relationship")
        assert current.questions[-1].choices[1] == {
            "value": "c2",
            "zh": "二楼",
            "en": "First floor",
        }


def test_questionnaire_list_shows_both_purposes(app, users, login_as):
    page = login_as("manager").get("/surveys/questionnaires").get_data(as_text=True)
    assert 'data-testid="questionnaire-ticket"' in page
    assert 'data-testid="questionnaire-relationship"' in page
