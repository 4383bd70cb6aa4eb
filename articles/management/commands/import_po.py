from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.actions.base import ActionRefused, acting_user
from articles.actions.import_catalog import import_catalog
from articles.models import LANGUAGE_CODES
from articles.translations.po.importing import REJECTED, STALE
from articles.translations.po.reading import CatalogError


class Command(BaseCommand):
    help = (
        "Import a translated PO catalog. Entries are matched by msgctxt and msgid and "
        "checked; what passes is applied in one transaction, one revision per article."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--language",
            choices=LANGUAGE_CODES,
            help="The catalog's language; its Language header must say the same.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; change nothing."
        )
        parser.add_argument(
            "--apply-fuzzy",
            action="store_true",
            help="Apply fuzzy entries too (skipped otherwise).",
        )
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(self, *args, file, language, dry_run, apply_fuzzy, **options):
        path = Path(file)
        try:
            user = acting_user(options.get("user"))
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            report = import_catalog(
                data=data,
                filename=path.name,
                language=language,
                user=user,
                dry_run=dry_run,
                apply_fuzzy=apply_fuzzy,
            )
        except (CatalogError, ActionRefused) as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from None
        for entry in report.entries():
            if entry.outcome in {REJECTED, STALE}:
                self.stderr.write(
                    f"{file}:{entry.line}: {entry.outcome}: {entry.context}: {entry.reason}"
                )
        for title, article in report.articles.items():
            if article.revision:
                state = "readable" if article.readable else "not yet complete"
                self.stdout.write(f"{title}: revision {article.revision} ({state})")
        for problem in report.problems:
            self.stderr.write(problem)
        counts = ", ".join(
            f"{outcome}: {count}" for outcome, count in report.summary().items()
        )
        prefix = "dry run, nothing changed. " if dry_run else ""
        self.stdout.write(f"{prefix}{counts}")
