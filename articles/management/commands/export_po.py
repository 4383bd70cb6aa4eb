from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article
from articles.translations.po.export import catalog_export


class Command(BaseCommand):
    help = (
        "Export article content to a PO catalog for translation into a language. Without "
        "--output it writes the repository catalog locale/<language>/LC_MESSAGES/articles.po."
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

    def handle(self, *args, language, article, needs_work, output, **options):
        articles = None
        if article:
            articles = Article.objects.none()
            for code in LANGUAGE_CODES:
                articles |= Article.objects.present().filter(
                    **{f"{build_localized_fieldname('slug', code)}__in": article}
                )
            found = {a.slug_in(a.source_language) for a in articles}
            missing = sorted(set(article) - found)
            if missing:
                raise CommandError(f"No article with the slug: {', '.join(missing)}")
        catalog = catalog_export(
            language=language, articles=articles, needs_work=needs_work
        )
        path = Path(output) if output else self._repository_catalog(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog.save(str(path))
        self.stdout.write(f"{path}: {len(catalog)} entries")

    @staticmethod
    def _repository_catalog(language: str) -> Path:
        return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "articles.po"
