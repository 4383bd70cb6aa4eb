"""Keep the search index equal to what readers can read.

Every action that changes what is readable (publish, unpublish, restore,
delete, untrash, the imports) calls ``search_index`` with the articles it
wrote, inside its transaction, so the index commits or rolls back with the
write. ``search_rebuild`` (``manage.py rebuild_search``) indexes everything.

``rebuild`` and ``index_articles`` take the models as arguments so that the
migration that creates the index can fill it with its historical models.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connections, router, transaction
from django.db.models import BooleanField, ExpressionWrapper
from modeltranslation.utils import build_localized_fieldname

from articles.background.progress import progress_report
from articles.models import LANGUAGE_CODES, Article, SearchDocument, readable_in
from articles.search.analysis import Analysis, article_parts

FTS_TABLE = "articles_search_fts"
REBUILD_BATCH = 500


def search_index(*, article_ids: Iterable[int], stemming: bool = True) -> None:
    """Index these articles' readable language versions and drop the others."""
    index_articles(Article, SearchDocument, set(article_ids), stemming=stemming)


def search_rebuild(*, stemming: bool = True) -> int:
    """Index every article afresh, in one transaction; the documents indexed."""
    return rebuild(Article, SearchDocument, stemming=stemming)


def rebuild(
    article_model: type[Article],
    document_model: type[SearchDocument],
    *,
    stemming: bool = True,
) -> int:
    """``search_rebuild`` with the given models."""
    connection = connections[router.db_for_write(document_model)]
    with transaction.atomic(using=connection.alias):
        document_model._default_manager.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        ids = list(
            article_model._default_manager.order_by("pk").values_list("pk", flat=True)
        )
        for start in range(0, len(ids), REBUILD_BATCH):
            batch = set(ids[start : start + REBUILD_BATCH])
            index_articles(article_model, document_model, batch, stemming=stemming)
            progress_report(start + len(batch), len(ids))
        return document_model._default_manager.count()


def index_articles(
    article_model: type[Article],
    document_model: type[SearchDocument],
    ids: set[int],
    *,
    stemming: bool,
) -> None:
    """Replace the documents of the articles ``ids`` by their readable versions."""
    if not ids:
        return
    connection = connections[router.db_for_write(document_model)]
    documents = document_model._default_manager
    documents.filter(article_id__in=ids).delete()  # SQLite: a trigger empties FTS
    fields = {
        code: [build_localized_fieldname(n, code) for n in ("title", "summary", "body")]
        for code in LANGUAGE_CODES
    }
    # One query, the readability of each language judged by ``readable_in`` itself.
    rows = (
        article_model._default_manager.filter(pk__in=ids)
        .annotate(
            **{
                f"readable_{code}": ExpressionWrapper(
                    readable_in(code), output_field=BooleanField()
                )
                for code in LANGUAGE_CODES
            }
        )
        .values(
            "pk",
            *(f"readable_{code}" for code in LANGUAGE_CODES),
            *(name for names in fields.values() for name in names),
        )
    )
    new = []
    for row in rows:
        for code in LANGUAGE_CODES:
            if not row[f"readable_{code}"]:
                continue
            title, summary, body = (row[name] for name in fields[code])
            parts = article_parts(title=title, summary=summary or "", body_html=body)
            new.append(
                document_model(
                    article_id=row["pk"],
                    language=code,
                    title=parts.title,
                    headings=parts.headings,
                    body=parts.body,
                )
            )
    created = documents.bulk_create(new)
    if connection.vendor == "postgresql":
        for code in LANGUAGE_CODES:
            config = Analysis(code, stemming).pg_config
            pks = [d.pk for d in created if d.language == code]
            if pks:
                documents.filter(pk__in=pks).update(
                    vector=SearchVector("title", weight="A", config=config)
                    + SearchVector("headings", weight="B", config=config)
                    + SearchVector("body", weight="C", config=config)
                )
    elif connection.vendor == "sqlite" and created:
        rows = []
        for document in created:
            analysis = Analysis(document.language, stemming)
            rows.append(
                (
                    document.pk,
                    " ".join(analysis.terms(document.title)),
                    " ".join(analysis.terms(document.headings)),
                    " ".join(analysis.terms(document.body)),
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, headings, body) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )
