from pathlib import Path

from django.core.management.base import BaseCommand

from articles.management.commands.export_po import Command as ExportPo
from articles.models import LANGUAGE_CODES
from articles.translations.po.export import catalog_export
from articles.translations.xliff.files import VERSIONS, xliff_write


class Command(BaseCommand):
    help = (
        "Export article content to an XLIFF file for translation into a language in "
        "a CAT tool; the same entries as export_po."
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
        parser.add_argument("--xliff-version", choices=VERSIONS, default="1.2")
        parser.add_argument("--output", metavar="FILE", required=True)

    def handle(self, *args, language, article, needs_work, xliff_version, output, **o):
        catalog = catalog_export(
            language=language,
            articles=ExportPo.articles(article),
            needs_work=needs_work,
        )
        source = next(code for code in LANGUAGE_CODES if code != language)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            xliff_write(catalog, source_language=source, version=xliff_version)
        )
        self.stdout.write(f"{path}: {len(catalog)} units (XLIFF {xliff_version})")
