"""Medical review: submit a revision, approve or send it back, record a review."""

from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.actions.base import (
    Action,
    ActionRefused,
    Target,
    article_target,
    may,
    performing,
)
from articles.models import Article, Reviewer, ReviewRequest, Revision
from articles.public.pagecache import pages_changed
from articles.review import mail
from articles.review.records import (
    KEEP,
    request_decide,
    request_open,
    review_write,
    reviewer_for,
)
from articles.revisions import publishing, saving
from articles.revisions.snapshots import Snapshot
from articles.search.indexing import search_index

REVIEW = "articles.review_article"
NOTHING_TO_REVIEW = _("Nothing to review: the latest revision is on the site.")
ALREADY_WAITING = _("Revision %(number)s already waits for review.")
NOT_WAITING = _("This request no longer waits for review.")
OUTDATED = _(
    "A later revision (%(number)s) is on the site already; approving would take "
    "it back. Ask for changes instead."
)
COMMENT_REQUIRED = _("Say what should change.")
COMMENT_TOO_LONG = _("The comment is longer than %(limit)s characters.")
FUTURE_REVIEW = _("A review cannot be recorded for a month still to come.")
BAD_INTERVAL = _("The review interval must be between 1 and %(limit)s months.")
REVIEWER_NAME_REQUIRED = _("A reviewer needs a name.")
COMMENT_LIMIT = 5000
INTERVAL_LIMIT = 120


def submit_for_review(
    *,
    article: Article | None,
    snapshot: Snapshot,
    user: User | None,
    note: str,
    kind: str,
    editorial_date: date,
    base_revision_id: int | None,
) -> saving.SaveResult:
    """Save the revision (if anything changed) and put it in the review queue.

    It goes live only when a reviewer approves it. ``EditConflict`` as for a save.
    """
    needed = "articles.add_article" if article is None else "articles.change_article"
    target = article_target(article)
    if article is None:
        target.label = snapshot.value("title", snapshot.source_language)
    with performing(
        Action.SUBMIT_REVIEW, user=user, targets=[target], permitted=may(user, needed)
    ):
        result = saving.article_save(
            article=article,
            snapshot=snapshot,
            user=user,
            note=note,
            kind=kind,
            editorial_date=editorial_date,
            base_revision_id=base_revision_id,
            publish=False,
        )
        saved = result.article
        latest = saved.latest_revision
        assert latest is not None  # saved above, or before
        if result.revision is None:
            if saved.live_revision_id == latest.pk:
                raise ActionRefused(str(NOTHING_TO_REVIEW))
            if ReviewRequest.objects.filter(
                revision=latest, state=ReviewRequest.State.PENDING
            ).exists():
                raise ActionRefused(str(ALREADY_WAITING % {"number": latest.number}))
        request = request_open(article=saved, revision=latest, user=user)
        target.about(saved, latest.number)
        mail.submitted(request)
    return result


def submit_translation(
    *, article: Article, revision: Revision, user: User | None
) -> None:
    """Queue a translator's saved edit for review; called inside its action."""
    mail.submitted(request_open(article=article, revision=revision, user=user))


def approve_review(
    *, request: ReviewRequest, user: User | None, note: str = ""
) -> list[str]:
    """Publish the submitted revision and record the approving reviewer and month.

    Returns the problems publishing reported (as a publish does).
    """
    target = article_target(request.article, request.revision.number)
    with performing(
        Action.APPROVE_REVIEW, user=user, targets=[target], permitted=may(user, REVIEW)
    ):
        request = _pending(request)
        article, revision = request.article, request.revision
        live = article.live_revision
        if live is not None and live.number > revision.number:
            raise ActionRefused(str(OUTDATED % {"number": live.number}))
        problems = publishing.article_publish_revision(
            article=article, revision=revision
        )
        search_index(article_ids=[article.pk])
        article.refresh_from_db()
        if user is not None:
            review_write(
                article=article,
                reviewer=reviewer_for(user),
                month=timezone.localdate(),
                revision=revision.number,
                note=note,
                user=user,
            )
        request_decide(request, state=ReviewRequest.State.APPROVED, user=user)
        target.about(article, revision.number)
        mail.decided(request)
    return problems


def request_changes(*, request: ReviewRequest, user: User | None, comment: str) -> None:
    """Send the revision back to its editor with a comment; nothing goes live."""
    comment = comment.strip()
    target = article_target(request.article, request.revision.number)
    with performing(
        Action.REQUEST_CHANGES, user=user, targets=[target], permitted=may(user, REVIEW)
    ):
        if not comment:
            raise ActionRefused(str(COMMENT_REQUIRED))
        if len(comment) > COMMENT_LIMIT:
            raise ActionRefused(str(COMMENT_TOO_LONG % {"limit": COMMENT_LIMIT}))
        request = _pending(request)
        request_decide(
            request,
            state=ReviewRequest.State.CHANGES_REQUESTED,
            user=user,
            comment=comment,
        )
        mail.decided(request)


def record_review(
    *,
    article: Article,
    user: User | None,
    reviewer: Reviewer,
    month: date,
    interval_months: int | None = KEEP,
    note: str = "",
) -> None:
    """Record a review that changed nothing in the text.

    It joins the article's review history and sets the next review due; the
    readers' publication and revision dates stay as they are.
    """
    target = article_target(article)
    with performing(
        Action.RECORD_REVIEW, user=user, targets=[target], permitted=may(user, REVIEW)
    ):
        if month.replace(day=1) > timezone.localdate().replace(day=1):
            raise ActionRefused(str(FUTURE_REVIEW))
        if interval_months not in (KEEP, None) and not (
            1 <= interval_months <= INTERVAL_LIMIT
        ):
            raise ActionRefused(str(BAD_INTERVAL % {"limit": INTERVAL_LIMIT}))
        article = Article.objects.select_related("review").get(pk=article.pk)
        review_write(
            article=article,
            reviewer=reviewer,
            month=month,
            revision=article.live_revision.number if article.live_revision else None,
            note=note,
            user=user,
            interval_months=interval_months,
        )
        target.about(article)


def save_reviewer(*, reviewer: Reviewer, user: User | None) -> Reviewer:
    """Add or change a reviewer as readers see them named."""
    target = Target("reviewer", str(reviewer.pk or ""), str(reviewer))
    with performing(
        Action.CHANGE_REVIEWER, user=user, targets=[target], permitted=may(user, REVIEW)
    ):
        reviewer.name = reviewer.name.strip()
        if not reviewer.name:
            raise ActionRefused(str(REVIEWER_NAME_REQUIRED))
        reviewer.save()
        target.id, target.label = str(reviewer.pk), str(reviewer)
        pages_changed(reviewer.records.values_list("article_id", flat=True))
    return reviewer


def _pending(request: ReviewRequest) -> ReviewRequest:
    """The request read again under lock; refused unless it still waits."""
    locked = (
        ReviewRequest.objects.select_for_update(of=("self",))
        .select_related("article__live_revision", "revision", "submitted_by")
        .get(pk=request.pk)
    )
    if locked.state != ReviewRequest.State.PENDING:
        raise ActionRefused(str(NOT_WAITING))
    return locked
