"""The writes of medical review, run only inside the actions of ``articles.actions.review``."""

from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import (
    Article,
    MedicalReview,
    Reviewer,
    ReviewRecord,
    ReviewRequest,
    Revision,
)
from articles.public.pagecache import pages_changed
from articles.review.schedule import add_months, interval_of, review_of

# ``interval_months`` of ``review_write`` when the article keeps its interval.
KEEP = -1


def reviewer_for(user: User) -> Reviewer:
    """The user's reviewer profile; one named after the account when it has none."""
    reviewer = Reviewer.objects.filter(user=user).first()
    if reviewer is None:
        reviewer = Reviewer.objects.create(
            user=user, name=user.get_full_name() or user.get_username()
        )
    return reviewer


def review_write(
    *,
    article: Article,
    reviewer: Reviewer,
    month: date,
    revision: int | None,
    note: str,
    user: User | None,
    interval_months: int | None = KEEP,
) -> ReviewRecord:
    """Add a review to the article's history and make it the one that stands."""
    month = month.replace(day=1)
    MedicalReview.objects.create(
        article=article,
        reviewed_on=month,
        reviewer=reviewer,
        revision=revision,
        note=note,
        recorded_by=user,
    )
    record = review_of(article) or ReviewRecord(article=article)
    if interval_months != KEEP:
        record.interval_months = interval_months
    record.last_reviewed, record.reviewer = month, reviewer
    record.next_review = add_months(month, interval_of(record))
    record.save()
    article.review = record
    pages_changed([article.pk])
    return record


def request_open(
    *, article: Article, revision: Revision, user: User | None
) -> ReviewRequest:
    """Put ``revision`` in the review queue, in place of the article's earlier one."""
    ReviewRequest.objects.filter(
        article=article, state=ReviewRequest.State.PENDING
    ).update(state=ReviewRequest.State.SUPERSEDED)
    return ReviewRequest.objects.create(
        article=article, revision=revision, submitted_by=user
    )


def request_decide(
    request: ReviewRequest, *, state: str, user: User | None, comment: str = ""
) -> None:
    request.state, request.comment = state, comment
    request.decided_by, request.decided_at = user, timezone.now()
    request.save(update_fields=["state", "comment", "decided_by", "decided_at"])
