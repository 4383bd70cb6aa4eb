"""A translator's direct edit of an article's translation in the admin."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from articles.actions.base import (
    Action,
    article_target,
    may,
    not_permitted,
    performing,
)
from articles.models import LANGUAGE_CODES, Article, Revision
from articles.revisions import publishing, saving
from articles.revisions.snapshots import TRANSLATED_FIELDS, Snapshot


def edit_translation(
    *,
    article: Article,
    snapshot: Snapshot,
    user: User | None,
    note: str,
    base_revision_id: int | None,
    publish: bool = False,
) -> saving.SaveResult:
    """Save a translator's edit as a minor revision of ``article``.

    The edit may change only the fields of languages the user translates into
    (editors: any but the source language). It goes live with the article when
    the article is on the site and no draft waits; otherwise it joins the draft.
    Asking to ``publish`` besides is for publishers only.
    """
    target = article_target(article)
    with performing(
        Action.EDIT_TRANSLATION, user=user, targets=[target], permitted=True
    ):
        if publish and not may(user, "articles.publish_article"):
            raise not_permitted(Action.PUBLISH, user=user)
        article = Article.objects.select_related("latest_revision").get(pk=article.pk)
        base = publishing.article_snapshot(article)
        languages = _edited_languages(base, snapshot)
        if languages is None or not all(
            may(user, "articles.change_article")
            or may(user, Article.translate_permission(code))
            for code in languages
        ):
            raise not_permitted(Action.EDIT_TRANSLATION, user=user)
        result = saving.article_save(
            article=article,
            snapshot=snapshot,
            user=user,
            note=note,
            kind=Revision.Kind.MINOR,
            editorial_date=_editorial_date(article),
            base_revision_id=base_revision_id,
            publish=article.status == Article.Status.PUBLISHED
            and not article.has_unpublished_changes,
        )
        target.about(result.article, result.number)
    return result


def _edited_languages(base: Snapshot, edited: Snapshot) -> set[str] | None:
    """The languages whose fields the edit changes; None when it changes more
    (the source language, references, category, tags, picks)."""
    if (
        base.source_language != edited.source_language
        or base.author_line != edited.author_line
        or base.first_published != edited.first_published
        or _ids([base.category]) != _ids([edited.category])
        or _ids(base.tags) != _ids(edited.tags)
        or _ids(base.picks) != _ids(edited.picks)
        or base.references != edited.references
    ):
        return None
    languages = {
        code
        for name in TRANSLATED_FIELDS
        for code in LANGUAGE_CODES
        if (base.fields.get(name, {}).get(code) or "")
        != (edited.fields.get(name, {}).get(code) or "")
    }
    return None if base.source_language in languages else languages


def _editorial_date(article: Article) -> date:
    """The date a translator's edit keeps: that of the latest revision."""
    assert article.latest_revision is not None  # a saved article has one
    return article.latest_revision.editorial_date


def _ids(entries: Sequence[dict[str, Any] | None]) -> list[Any]:
    return [entry["id"] for entry in entries if entry]
