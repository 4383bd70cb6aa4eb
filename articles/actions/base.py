"""What every action shares: the permission check, the transaction, the audit entry.

An action runs its writes inside ``performing``: when the user lacks the
permission, or the work is refused (an edit conflict, a file refused as a
whole), nothing is written and a refused entry with its reason is recorded
once the transaction has rolled back. Pages are retired by the internals,
after commit.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NoReturn

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.models.audit import SYSTEM, AuditEntry
from articles.revisions.saving import EditConflict

Action = AuditEntry.Action

NOT_PERMITTED = _("%(user)s may not %(action)s here.")
NO_SUCH_USER = _("There is no user %(username)s.")
EDIT_CONFLICT = _("Revision %(number)s was saved after the editor opened the article.")
LOG_MESSAGE = _("%(action)s (revision %(number)s)")


class ActionRefused(Exception):
    """An action refused as a whole: nothing was written, the refusal is in the audit log."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class NotPermitted(ActionRefused, PermissionDenied):
    """The acting user lacks the permission; the admin answers 403."""


# Refusals a user can cause, recorded as such; anything else is a fault.
# ValueError covers ImportRefused, CatalogError and CorruptSnapshot.
REFUSALS = (ActionRefused, EditConflict, ValueError)


@dataclass
class Target:
    """What an action is about, as its audit entry names it."""

    type: str
    id: str = ""
    label: str = ""
    article: Article | None = None
    revision: int | None = None
    slug: str = ""  # of an article not saved (yet): a refused import

    def about(self, article: Article, revision: int | None = None) -> None:
        """Name this article (saved by now) and, if given, the revision number."""
        self.type, self.id, self.article = "article", str(article.pk), article
        language = article.source_language
        self.label = article.title_in(language)
        if revision is not None:
            self.revision = revision


def article_target(article: Article | None, revision: int | None = None) -> Target:
    target = Target("article")
    if article is not None and article.pk is not None:
        target.about(article, revision)
    return target


@dataclass
class Performed:
    """Filled in by an action while it runs: its targets (one entry each)."""

    targets: list[Target] = field(default_factory=list)
    log_flag: int = CHANGE


def may(user: User | None, *permissions: str) -> bool:
    """Whether the user holds every permission; None (a command) is the system."""
    return user is None or all(user.has_perm(name) for name in permissions)


_deferred: ContextVar[list[AuditEntry] | None] = ContextVar("deferred", default=None)


@contextmanager
def actions_batch() -> Iterator[None]:
    """Run several actions in one transaction, all or none (an import of many files).

    A refusal inside rolls the whole batch back; its audit entry is written
    after that, so it is kept.
    """
    if _deferred.get() is not None:
        with transaction.atomic():
            yield
        return
    token = _deferred.set([])
    try:
        with transaction.atomic():
            yield
    finally:
        refused = _deferred.get() or []
        _deferred.reset(token)
        for entry in refused:
            entry.save()


@contextmanager
def performing(
    action: str,
    *,
    user: User | None,
    targets: list[Target],
    permitted: bool,
) -> Iterator[Performed]:
    """Run the block as the action: checked, in one transaction, recorded."""
    performed = Performed(targets)
    if not permitted:
        refuse(action, user=user, targets=targets)
    try:
        with transaction.atomic():
            yield performed
            for target in performed.targets:
                _entry(action, user, target, AuditEntry.Outcome.DONE, "").save()
            _admin_log(action, user, performed)
    except REFUSALS as error:
        _refused(action, user, performed, _reason(error))
        raise


def refuse(action: str, *, user: User | None, targets: list[Target]) -> NoReturn:
    """Record that the user may not do this, and raise ``NotPermitted``."""
    error = not_permitted(action, user=user)
    _refused(action, user, Performed(targets), error.reason)
    raise error


def not_permitted(action: str, *, user: User | None) -> NotPermitted:
    """The refusal to raise inside ``performing`` when a check needs the writes."""
    return NotPermitted(
        str(
            NOT_PERMITTED
            % {"user": _display(user), "action": AuditEntry.Action(action).label}
        )
    )


def _reason(error: Exception) -> str:
    if isinstance(error, EditConflict):
        return str(EDIT_CONFLICT % {"number": error.latest.number})
    return str(error)


def _refused(action: str, user: User | None, performed: Performed, reason: str) -> None:
    entries = [
        _entry(action, user, target, AuditEntry.Outcome.REFUSED, reason)
        for target in performed.targets or [Target("")]
    ]
    deferred = _deferred.get()
    for entry in entries:
        if deferred is not None:
            deferred.append(entry)
        else:
            entry.save()


def _display(user: User | None) -> str:
    if user is None:
        return SYSTEM
    return user.get_full_name() or user.get_username()


def _entry(
    action: str,
    user: User | None,
    target: Target,
    outcome: str,
    reason: str,
) -> AuditEntry:
    article = target.article
    return AuditEntry(
        user=user,
        username=user.get_username() if user is not None else SYSTEM,
        user_display=_display(user),
        action=action,
        object_type=target.type,
        object_id=target.id,
        object_label=target.label[:300],
        article_id=article.pk if article is not None else None,
        article_slug=(article.slug_in(article.source_language) or "")
        if article is not None
        else target.slug,
        revision=target.revision,
        outcome=outcome,
        reason=reason,
    )


def _admin_log(action: str, user: User | None, performed: Performed) -> None:
    """Django's own log, for the admin's "Recent actions" and object history."""
    articles = [t.article for t in performed.targets if t.article is not None]
    if user is None or user.pk is None or not articles:
        return
    label = AuditEntry.Action(action).label
    for target in performed.targets:
        if target.article is None:
            continue
        message = (
            LOG_MESSAGE % {"action": label, "number": target.revision}
            if target.revision
            else label
        )
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[target.article],
            action_flag=performed.log_flag,
            change_message=capfirst(str(message)),
            single_object=True,
        )


def acting_user(username: str | None) -> User | None:
    """The user a command acts as (``--user``); None, the system, without one."""
    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ActionRefused(str(NO_SUCH_USER % {"username": username}))
    return user
