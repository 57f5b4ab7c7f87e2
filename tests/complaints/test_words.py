"""A complaint's status reads as one thing in each language: no two statuses share a word, and
none borrows a ticket status's word (a complaint is not a ticket in progress)."""

import pytest
from flask_babel import force_locale

from app.complaints.labels import STATUS_LABELS
from app.tickets.labels import STATUS_LABELS as TICKET_STATUS_LABELS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_complaint_statuses_have_words_of_their_own(app, lang):
    with app.test_request_context(), force_locale(lang):
        words = [str(label) for label in STATUS_LABELS.values()]
        ticket_words = {str(label) for label in TICKET_STATUS_LABELS.values()}
        closed = str(STATUS_LABELS["closed"])
    assert len(set(words)) == len(words), words
    assert set(words) & ticket_words <= {closed}, words  # "closed" means the same for both
