"""Import a translated PO catalog."""

from collections.abc import Callable
from typing import BinaryIO

from django.contrib.auth.models import User

from articles.actions.base import Action, Target, may, performing, refuse
from articles.models import LANGUAGE_CODES, Article
from articles.search.indexing import search_index
from articles.translations.po.importing import (
    EntryResult,
    ImportReport,
    catalog_import,
)


def may_import_catalogs(user: User | None) -> bool:
    """Editors import into any language, translators into theirs (checked per entry)."""
    return may(user, "articles.change_article") or any(
        may(user, Article.translate_permission(code)) for code in LANGUAGE_CODES
    )


def import_catalog(
    *,
    data: bytes | BinaryIO,
    filename: str,
    language: str | None,
    user: User | None,
    dry_run: bool = False,
    apply_fuzzy: bool = False,
    apply_memory: bool = False,
    on_entry: Callable[[EntryResult], None] | None = None,
) -> ImportReport:
    """Apply a translated catalog in one transaction (``catalog_import``).

    A dry run writes nothing, and no audit entry unless refused. ``CatalogError`` when
    the file as a whole cannot be used; recorded as a refused import.
    """
    if dry_run:
        if not may_import_catalogs(user):
            refuse(
                Action.IMPORT_CATALOG,
                user=user,
                targets=[Target("catalog", label=filename)],
            )
        return catalog_import(
            data=data,
            filename=filename,
            language=language,
            user=user,
            dry_run=True,
            apply_fuzzy=apply_fuzzy,
            apply_memory=apply_memory,
            on_entry=on_entry,
        )
    target = Target("catalog", label=filename)
    with performing(
        Action.IMPORT_CATALOG,
        user=user,
        targets=[target],
        permitted=may_import_catalogs(user),
    ):
        report = catalog_import(
            data=data,
            filename=filename,
            language=language,
            user=user,
            apply_fuzzy=apply_fuzzy,
            apply_memory=apply_memory,
            on_entry=on_entry,
        )
        target.label = f"{filename} ({report.language})"
        search_index(
            article_ids=[a.article_id for a in report.articles.values() if a.article_id]
        )
    return report
