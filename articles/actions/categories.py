"""Change or delete a category or a tag, from the admin or a catalog import."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from articles.actions.base import Action, Target, may, not_permitted, performing
from articles.models import LANGUAGE_CODES, Article, Category, Tag
from articles.public.pagecache import pages_changed, pages_invalidate
from articles.related.lists import related_refresh

_NAMED = [
    build_localized_fieldname(name, code)
    for code in LANGUAGE_CODES
    for name in ("name", "slug")
]


def save_category(
    *,
    category: Category,
    user: User | None,
    write: Callable[[], Category] | None = None,
) -> Category:
    """Save a new or changed category; retire the pages that show its names.

    ``write`` does the save where more than the row changes (the admin's tree
    form); the default saves the row. Editors change categories; a translator
    may change only the name and slug in their languages (a catalog import).
    Checked on what was written, which the refusal rolls back.
    """
    before = Category.objects.filter(pk=category.pk).first() if category.pk else None
    target = Target("category", label=_label(category))
    with performing(
        Action.CHANGE_CATEGORY, user=user, targets=[target], permitted=True
    ):
        paths = _listings(before) if before else set()
        saved = write() if write else _saved(category)
        if not _may_change(user, before, saved):
            raise not_permitted(Action.CHANGE_CATEGORY, user=user)
        target.id, target.label = str(saved.pk), _label(saved)
        paths |= _listings(saved)
        transaction.on_commit(lambda: pages_invalidate(paths), robust=True)
        shown = list(
            Article.objects.filter(category__path__startswith=saved.path).values_list(
                "pk", flat=True
            )
        )
        pages_changed(shown)
        if before is not None and before.path != saved.path:
            related_refresh(articles=shown)  # its ancestors changed
    return saved


def _label(named: Category | Tag) -> str:
    """The name in the site's default language, whatever language is active."""
    name = getattr(named, build_localized_fieldname("name", settings.LANGUAGE_CODE))
    return name or str(named)


def _saved(category: Category) -> Category:
    category.save()
    return category


def _may_change(user: User | None, before: Category | None, after: Category) -> bool:
    if before is None:
        return may(user, "articles.add_category")
    if may(user, "articles.change_category"):
        return True
    changed = {
        name
        for name in [*_NAMED, "path"]
        if getattr(before, name) != getattr(after, name)
    }
    allowed = {
        build_localized_fieldname(name, code)
        for code in LANGUAGE_CODES
        # As for articles: editors translate into any language, translators
        # into theirs (a catalog import renames categories).
        if may(user, "articles.change_article")
        or may(user, Article.translate_permission(code))
        for name in ("name", "slug")
    }
    return changed <= allowed


def _listings(category: Category) -> set[str]:
    """The listing pages of the category and of the categories under it, whose
    breadcrumbs show its name."""
    return {
        url
        for node in Category.objects.filter(path__startswith=category.path)
        for code in LANGUAGE_CODES
        if (url := node.url_in(code))
    }


def delete_category(*, category: Category, user: User | None) -> None:
    """Delete a category with the categories under it (as the tree does).

    Their articles keep their text and lose the category; the pages that showed
    the names are retired and the articles' related lists recomputed, since the
    category counts in their similarity.
    """
    target = Target("category", id=str(category.pk), label=_label(category))
    with performing(
        Action.DELETE_CATEGORY,
        user=user,
        targets=[target],
        permitted=may(user, "articles.delete_category"),
    ):
        paths = _listings(category)
        shown = list(
            Article.objects.filter(
                category__path__startswith=category.path
            ).values_list("pk", flat=True)
        )
        category.delete()
        transaction.on_commit(lambda: pages_invalidate(paths), robust=True)
        pages_changed(shown)
        related_refresh(articles=shown)


def delete_tag(*, tag: Tag, user: User | None) -> None:
    """Delete a tag; the related lists of its articles are recomputed."""
    target = Target("tag", id=str(tag.pk), label=_label(tag))
    with performing(
        Action.DELETE_TAG,
        user=user,
        targets=[target],
        permitted=may(user, "articles.delete_tag"),
    ):
        tagged = list(tag.articles.values_list("pk", flat=True))
        tag.delete()
        related_refresh(articles=tagged)


def save_tag(*, tag: Tag, user: User | None) -> Tag:
    """Save a new or changed tag. Public pages do not show tags, so no page is retired."""
    needed = "articles.change_tag" if tag.pk else "articles.add_tag"
    target = Target("tag", label=_label(tag))
    with performing(
        Action.CHANGE_TAG, user=user, targets=[target], permitted=may(user, needed)
    ):
        tag.save()
        target.id, target.label = str(tag.pk), _label(tag)
    return tag
