from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article, ArticleQuerySet
from articles.translations.po.export import catalog_write
from articles.translations.po.reading import CatalogError
from articles.translations.po.repository import (
    repository_catalog_path,
    repository_catalog_pending,
    repository_catalog_read,
    repository_catalog_write,
)

REPOSITORY_WHOLE = (
    "The repository catalog always holds every article: use --output FILE with "
    "--article or --needs-work."
)


class Command(BaseCommand):
    help = (
        "Export article content to a PO catalog for translation into a language. Without "
        "--output it writes the repository catalog locale/<language>/LC_MESSAGES/articles.po "
        "and its template, after importing the translations that file holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=LANGUAGE_CODES)
        parser.add_argument(
            "--article",
            nargs="+",
            action="extend",
            metavar="SLUG",
            help="Only these articles (their slug in their own language).",
        )
        parser.add_argument(
            "--needs-work",
            action="store_true",
            help="Leave out articles that are completely translated.",
        )
        parser.add_argument("--output", metavar="FILE")
        parser.add_argument(
            "--user",
            help="Import the repository catalog's translations as this user "
            "(default: the system), for the audit log.",
        )

    def handle(self, *args, language, article, needs_work, output, **options):
        if not output:
            if article or needs_work:
                raise CommandError(REPOSITORY_WHOLE)
            self._write_repository(language, options.get("user"))
            return
        chosen = self.articles(article)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            count = catalog_write(
                out, language=language, articles=chosen, needs_work=needs_work
            )
        self.stdout.write(f"{path}: {count} entries")

    @staticmethod
    def articles(slugs: list[str] | None) -> ArticleQuerySet | None:
        """The articles of ``--article`` (None: all), or CommandError naming the
        slugs that no article has."""
        if not slugs:
            return None
        articles = Article.objects.none()
        for code in LANGUAGE_CODES:
            articles |= Article.objects.present().filter(
                **{f"{build_localized_fieldname('slug', code)}__in": slugs}
            )
        found = {a.slug_in(a.source_language) for a in articles}
        missing = sorted(set(slugs) - found)
        if missing:
            raise CommandError(f"No article with the slug: {', '.join(missing)}")
        return articles

    def _write_repository(self, language: str, username: str | None) -> None:
        path = repository_catalog_path(language)
        try:
            present = repository_catalog_read(language)
        except CatalogError as error:
            raise CommandError(f"{path}: {error} Nothing was written.") from None
        if present is not None and repository_catalog_pending(present, language):
            # The import command itself: the same checks, audit entry and report.
            call_command(
                "import_po",
                str(path),
                "--language",
                language,
                *(["--user", username] if username else []),
                stdout=self.stdout,
                stderr=self.stderr,
            )
        written = repository_catalog_write(language=language, present=present)
        for context in written.kept:
            self.stdout.write(f"{path}: {context}: not imported, kept as fuzzy")
        obsolete = f", {written.obsolete} obsolete" if written.obsolete else ""
        self.stdout.write(f"{path}: {written.entries} entries{obsolete}")
        self.stdout.write(f"{written.template}: {written.entries} entries")
