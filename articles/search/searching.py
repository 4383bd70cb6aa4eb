"""Find the articles readable in one language that match a query, best first.

Ranking: documents whose title and headings hold every word of the query come
first, then the rest; within each group PostgreSQL's ``ts_rank`` over the
weighted vector (title A, headings B, body C) or SQLite's ``bm25`` with the
same order of weights (10, 5, 1) decides. Every word must occur somewhere.

A search costs two queries however many it finds: the ranked ids of every
match (which also counts them for the pages), and the page's documents with
their articles and categories; one when nothing matches, none without words.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.utils.safestring import SafeString

from articles.models import Article, Category, SearchDocument, readable_in
from articles.search.analysis import Analysis, clean_query, query_words
from articles.search.indexing import FTS_TABLE
from articles.search.snippets import snippet

RESULTS_PER_PAGE = 20
# bm25 weights of the FTS5 columns title, headings, body.
BM25_WEIGHTS = (10.0, 5.0, 1.0)


class Order:
    """How results are ordered: by relevance, or newest first."""

    RELEVANCE = "relevance"
    DATE = "date"


@dataclass
class Result:
    article: Article
    category: Category | None
    snippet: SafeString


@dataclass
class Search:
    """What the search page shows: the query as searched and a page of results."""

    query: str
    page: Page
    results: list[Result]


def search_articles(
    raw_query: str,
    *,
    language: str,
    page: str | int | None = 1,
    order: str = Order.RELEVANCE,
    stemming: bool = True,
) -> Search:
    """The page ``page`` of what ``raw_query`` finds among articles readable in
    ``language``; any text is a query, and one without words finds nothing."""
    query = clean_query(raw_query)
    analysis = Analysis(language, stemming)
    words = query_words(query, analysis)
    ids = ranked_ids(words, analysis=analysis, order=order) if words else []
    shown = Paginator(ids, RESULTS_PER_PAGE).get_page(page)
    documents = {
        document.pk: document
        for document in SearchDocument.objects.filter(pk__in=list(shown.object_list))
        .filter(readable_in(language, "article__"))
        .select_related("article__category")
    }
    terms = set(analysis.stems(words))
    results = [
        Result(
            article=document.article,
            category=document.article.category,
            snippet=snippet(document.body, terms=terms, analysis=analysis),
        )
        for pk in shown.object_list
        if (document := documents.get(pk)) is not None
    ]
    return Search(query=query, page=shown, results=results)


def ranked_ids(words: list[str], *, analysis: Analysis, order: str) -> list[int]:
    """The ids of the documents that hold every word, in ``order``."""
    connection = connections[router.db_for_read(SearchDocument)]
    documents = SearchDocument._meta.db_table
    articles = Article._meta.db_table
    published = Article.Status.PUBLISHED.value
    by_date = (
        "COALESCE(a.last_revised, a.first_published) DESC, a.id DESC"
        if order == Order.DATE
        else None
    )
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT d.id FROM {documents} d JOIN {articles} a ON a.id = d.article_id"
            " CROSS JOIN plainto_tsquery(%s::regconfig, %s) q"
            " WHERE d.language = %s AND d.vector @@ q"
            " AND a.status = %s AND a.trashed_at IS NULL ORDER BY "
            + (
                by_date
                or "ts_filter(d.vector, '{a,b}') @@ q DESC,"
                " ts_rank(d.vector, q, 1) DESC, d.id"
            )
        )
        params: list[str | float] = [
            analysis.pg_config,
            " ".join(words),
            analysis.language,
            published,
        ]
    elif connection.vendor == "sqlite":
        # Each term quoted: FTS5 reads it as a plain word, never as an operator.
        match = " ".join(f'"{term}"' for term in analysis.stems(words))
        sql = (
            f"SELECT d.id FROM {FTS_TABLE}"
            f" JOIN {documents} d ON d.id = {FTS_TABLE}.rowid"
            f" JOIN {articles} a ON a.id = d.article_id"
            f" WHERE {FTS_TABLE} MATCH %s AND d.language = %s"
            " AND a.status = %s AND a.trashed_at IS NULL ORDER BY "
            + (
                by_date
                or f"{FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE}"
                f" WHERE {FTS_TABLE} MATCH %s) DESC,"
                f" bm25({FTS_TABLE}, %s, %s, %s), d.id"
            )
        )
        params = [match, analysis.language, published]
        if by_date is None:
            params += ["{title headings} : (" + match + ")", *BM25_WEIGHTS]
    else:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
