"""Reads for the review queue and for the review state shown on the edit page."""

from dataclasses import dataclass

from articles.models import Article, ReviewRequest
from articles.revisions.diffs import SnapshotDiff, snapshot_diff
from articles.revisions.snapshots import Snapshot, snapshot_read


@dataclass
class QueueItem:
    request: ReviewRequest
    diff: SnapshotDiff


def review_queue() -> list[QueueItem]:
    """Revisions waiting for review, oldest first, each against what is live."""
    requests = ReviewRequest.objects.filter(
        state=ReviewRequest.State.PENDING, article__trashed_at__isnull=True
    ).select_related("article__live_revision", "revision", "submitted_by")
    items = []
    for request in requests:
        live = request.article.live_revision
        old = (
            snapshot_read(live.snapshot, number=live.number)
            if live is not None
            else Snapshot(fields={})
        )
        new = snapshot_read(request.revision.snapshot, number=request.revision.number)
        items.append(QueueItem(request, snapshot_diff(old, new)))
    return items


def latest_request(article: Article) -> ReviewRequest | None:
    """The article's last submission while it waits or was sent back; None
    once approved (the edit page then has nothing to say about it)."""
    request = (
        ReviewRequest.objects.filter(article=article)
        .exclude(state=ReviewRequest.State.SUPERSEDED)
        .select_related("revision", "decided_by")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if request is None:
        return None
    if request.state == ReviewRequest.State.APPROVED:
        return None
    return request
