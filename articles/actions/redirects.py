"""Import, change and delete redirects: the old website's addresses and our own."""

from dataclasses import dataclass

from django.contrib.auth.models import User

from articles.actions.base import Action, Target, may, performing
from articles.models import Redirect
from articles.redirects.planning import Plan, old_path_of, plan, rows_of


@dataclass
class RedirectsImported:
    """What an import wrote: redirects created, and those it replaced."""

    created: int = 0
    replaced: int = 0


def _write(checked: Plan) -> RedirectsImported:
    result = RedirectsImported()
    for planned in checked.redirects:
        _redirect, created = Redirect.objects.update_or_create(
            old_path=planned.old_path, defaults=planned.target.fields()
        )
        if created:
            result.created += 1
        else:
            result.replaced += 1
    return result


def import_redirects(
    *, data: bytes, filename: str, user: User | None
) -> RedirectsImported:
    """Check every row of a CSV file of ``old path, target`` and write them all,
    or none (``RedirectsRefused`` with each problem's line)."""
    target = Target("redirects", label=filename)
    with performing(
        Action.IMPORT_REDIRECTS,
        user=user,
        targets=[target],
        permitted=may(user, "articles.add_redirect", "articles.change_redirect"),
    ):
        result = _write(plan(rows_of(data)))
        target.label = f"{filename} ({result.created + result.replaced})"
    return result


def save_redirect(
    *, redirect: Redirect | None, old_path: str, target: str, user: User | None
) -> Redirect:
    """Create or change one redirect, checked as an imported row is."""
    needed = "articles.add_redirect" if redirect is None else "articles.change_redirect"
    audited = Target("redirect", label=old_path)
    with performing(
        Action.CHANGE_REDIRECT,
        user=user,
        targets=[audited],
        permitted=may(user, needed),
    ):
        if redirect is not None:  # a changed old path is another redirect
            Redirect.objects.filter(pk=redirect.pk).exclude(
                old_path=old_path_of(old_path)
            ).delete()
        _write(plan([(1, [old_path, target])]))
        saved = Redirect.objects.get(old_path=old_path_of(old_path))
        audited.id, audited.label = str(saved.pk), str(saved)
    return saved


def delete_redirect(*, redirect: Redirect, user: User | None) -> None:
    """Remove a redirect: its old path answers 404 again."""
    audited = Target("redirect", id=str(redirect.pk), label=str(redirect))
    with performing(
        Action.DELETE_REDIRECT,
        user=user,
        targets=[audited],
        permitted=may(user, "articles.delete_redirect"),
    ):
        redirect.delete()
