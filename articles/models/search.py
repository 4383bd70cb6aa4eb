"""The search index's documents, which ``articles.search`` keeps."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models.articles import Article


class SearchDocument(models.Model):
    """An article's text in one language where readers can read it, for search.

    A row exists exactly while the article is readable in that language (the
    actions keep it so). ``vector`` is PostgreSQL's weighted tsvector, NULL on
    SQLite, where the FTS5 table ``articles_search_fts`` holds the stemmed text
    under the same id.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(max_length=255)
    headings = models.TextField(blank=True)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="searchdocument_article_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"
