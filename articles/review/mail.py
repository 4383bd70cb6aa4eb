"""The e-mails of medical review, sent through Django's mail once the change commits."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Reviewer, ReviewRequest
from articles.review.schedule import due_records


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _name(user: User | None) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def reviewers(*, excluding: User | None = None) -> list[User]:
    """Active accounts that may review, with an e-mail address."""
    users = get_user_model().objects.with_perm(
        "articles.review_article",
        is_active=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return [
        user
        for user in users.exclude(email="").order_by("pk")
        if excluding is None or user.pk != excluding.pk
    ]


def submitted(request: ReviewRequest) -> None:
    """Tell the reviewers that a revision waits for them."""
    article = request.article
    subject = _("Review requested: %(title)s") % {"title": article}
    body = _(
        '%(user)s submitted revision %(number)s of "%(title)s" for medical '
        "review.\n\nReview queue: %(url)s\n"
    ) % {
        "user": _name(request.submitted_by),
        "number": request.revision.number,
        "title": article,
        "url": _url("admin:articles_article_review_queue"),
    }
    recipients = [u.email for u in reviewers(excluding=request.submitted_by)]
    if recipients:
        _on_commit([(subject, body, None, [address]) for address in recipients])


def decided(request: ReviewRequest) -> None:
    """Tell the editor who submitted the revision what the reviewer decided."""
    editor = request.submitted_by
    if editor is None or not editor.email:
        return
    values = {
        "user": _name(request.decided_by),
        "number": request.revision.number,
        "title": request.article,
        "url": _url("admin:articles_article_change", request.article.pk),
        "comment": request.comment,
    }
    if request.state == ReviewRequest.State.APPROVED:
        subject = _("Approved and published: %(title)s") % values
        body = (
            _(
                '%(user)s approved revision %(number)s of "%(title)s"; it is '
                "published.\n\n%(url)s\n"
            )
            % values
        )
    else:
        subject = _("Changes requested: %(title)s") % values
        body = (
            _(
                '%(user)s asks for changes to revision %(number)s of "%(title)s":'
                "\n\n%(comment)s\n\n%(url)s\n"
            )
            % values
        )
    _on_commit([(subject, body, None, [editor.email])])


def _on_commit(messages: Iterable[tuple[str, str, None, list[str]]]) -> None:
    batch = list(messages)
    transaction.on_commit(lambda: send_mass_mail(batch), robust=True)


def reminders_send(*, today: date) -> tuple[int, int, list[Reviewer]]:
    """Mail each reviewer the list of their articles due for review.

    Returns the mails sent, the articles they list, and the reviewers with
    articles due whom no mail reaches (no account or no address).
    """
    due: dict[int, list] = {}
    reviewers_by_pk: dict[int, Reviewer] = {}
    for record in due_records(today=today).select_related("reviewer__user"):
        due.setdefault(record.reviewer_id, []).append(record)
        reviewers_by_pk[record.reviewer_id] = record.reviewer
    sent = articles = 0
    unreachable = []
    for pk, records in due.items():
        reviewer = reviewers_by_pk[pk]
        user = reviewer.user
        if user is None or not user.email or not user.is_active:
            unreachable.append(reviewer)
            continue
        lines = [
            _("- %(title)s: due %(month)s\n  %(url)s")
            % {
                "title": record.article,
                "month": record.next_review.strftime("%Y-%m"),
                "url": _url("admin:articles_article_record_review", record.article_id),
            }
            for record in records
        ]
        body = _(
            "Dear %(name)s,\n\nThese articles are due for their medical "
            "review:\n\n%(list)s\n\nAll reviews due: %(url)s\n"
        ) % {
            "name": reviewer.name,
            "list": "\n".join(lines),
            "url": _url("admin:articles_article_review_due"),
        }
        subject = ngettext(
            "%(count)s article due for medical review",
            "%(count)s articles due for medical review",
            len(records),
        ) % {"count": len(records)}
        send_mail(subject, body, None, [user.email])
        sent += 1
        articles += len(records)
    return sent, articles, unreachable
