"""Editing sessions: each open edit page pings, and lists the others still pinging.

A session is presence, not content: it changes nothing anyone reads, so it is
kept out of the audit log, which would otherwise take an entry every few
seconds per open page. A session not seen for ``EXPIRY`` is over.
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from articles.models import Article, EditingSession

EXPIRY = timedelta(seconds=60)


def editing_ping(*, article: Article, user: User, now: datetime) -> list[str]:
    """Record that ``user`` has the article open; the names of the others who do."""
    with transaction.atomic():
        EditingSession.objects.filter(last_seen__lt=now - EXPIRY).delete()
        updated = EditingSession.objects.filter(article=article, user=user).update(
            last_seen=now
        )
        if not updated:
            try:
                with transaction.atomic():
                    EditingSession.objects.create(
                        article=article, user=user, last_seen=now
                    )
            except IntegrityError:  # the same user's other tab, just now
                pass
    return others_editing(article=article, user=user, now=now)


def editing_leave(*, article: Article, user: User) -> None:
    """The user closed the edit page."""
    EditingSession.objects.filter(article=article, user=user).delete()


def others_editing(*, article: Article, user: User, now: datetime) -> list[str]:
    """Who else has had the article open within ``EXPIRY``, by name."""
    sessions = (
        EditingSession.objects.filter(article=article, last_seen__gte=now - EXPIRY)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    return [s.user.get_full_name() or s.user.get_username() for s in sessions]
