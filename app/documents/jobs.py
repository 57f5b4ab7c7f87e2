"""The worker's document step (S20): owners are reminded of overdue reviews, once per due date."""

from collections import defaultdict
from datetime import datetime

from app.documents import notify, queries, rules
from app.worker import job


def remind(now: datetime) -> int:
    """Mail each owner the documents newly overdue; returns the number of mails queued."""
    by_owner = defaultdict(list)
    for document in queries.review_overdue(rules.local_day(now)):
        if document.owner is not None and document.review_reminded_on != document.next_review_on:
            by_owner[document.owner].append(document)
    sent = 0
    for owner, documents in by_owner.items():
        if notify.reviews_overdue(owner, documents):
            sent += 1
        for document in documents:
            document.review_reminded_on = document.next_review_on
    return sent


@job("document_reviews", every_seconds=3600)
def review_job(now: datetime) -> int:
    """Overdue reviews to their owners (the worker commits)."""
    return remind(now)
