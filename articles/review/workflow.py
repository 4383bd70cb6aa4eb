"""Which saves go to medical review instead of going live."""

from django.conf import settings
from django.contrib.auth.models import User

from articles.models import Revision


def reviews_edits_of(user: User | None) -> bool:
    """Whether the workflow holds this user's revisions for review: it is on and
    the user may not publish (an Editor). Commands (None) publish directly."""
    return (
        settings.REVIEW_WORKFLOW
        and user is not None
        and not user.has_perm("articles.publish_article")
    )


def review_required(user: User | None, *, kind: str) -> bool:
    """Whether a revision of ``kind`` saved by ``user`` is submitted for review."""
    if not reviews_edits_of(user):
        return False
    return kind == Revision.Kind.PUBLIC or settings.REVIEW_MINOR_CORRECTIONS


def translation_review_required(user: User | None) -> bool:
    """Whether a translator's edit is submitted for review instead of going live."""
    return (
        settings.REVIEW_TRANSLATIONS
        and user is not None
        and not user.has_perm("articles.publish_article")
    )
