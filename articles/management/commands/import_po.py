from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.actions.base import ActionRefused, acting_user
from articles.actions.import_catalog import import_catalog
from articles.models import LANGUAGE_CODES
from articles.translations.po.importing import (
    APPLIED,
    MISSING,
    REJECTED,
    STALE,
    EntryResult,
    changed_text,
)
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
            help="Apply fuzzy entries too (skipped otherwise), except suggestions "
            "of the translation memory.",
        )
        parser.add_argument(
            "--apply-memory",
            action="store_true",
            help="Apply the translation memory's suggestions too (skipped otherwise).",
        )
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(
        self, *args, file, language, dry_run, apply_fuzzy, apply_memory, **options
    ):
        path = Path(file)
        try:
            user = acting_user(options.get("user"))
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        try:
            handle = path.open("rb")
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None

        def printed(entry: EntryResult) -> None:
            if entry.outcome in {REJECTED, STALE}:
                self.stderr.write(
                    f"{file}:{entry.line}: {entry.outcome}: {entry.context}: {entry.reason}"
                )
            elif entry.outcome == MISSING:
                self.stdout.write(f"{file}: {MISSING}: {entry.context}: {entry.reason}")
            elif entry.outcome == APPLIED and dry_run:
                self.stdout.write(
                    f"{file}:{entry.line}: {entry.context}: {changed_text(entry)}"
                )

        # Read as it is checked and applied, never whole; each entry printed as
        # it is checked, as the report keeps only the worst.
        with handle:
            try:
                report = import_catalog(
                    data=handle,
                    filename=path.name,
                    language=language,
                    user=user,
                    dry_run=dry_run,
                    apply_fuzzy=apply_fuzzy,
                    apply_memory=apply_memory,
                    on_entry=printed,
                )
            except (CatalogError, ActionRefused) as error:
                raise CommandError(f"{file}: {error} Nothing was imported.") from None
        for article in report.articles.values():
            if article.revision:
                self.stdout.write(
                    f"{article.title}: revision {article.revision} ({article.state})"
                )
        if report.translator and any(a.revision for a in report.articles.values()):
            self.stdout.write(f"translated by: {report.translator}")
        for problem in report.problems:
            self.stderr.write(problem)
        counts = ", ".join(
            f"{outcome}: {count}" for outcome, count in report.summary().items()
        )
        prefix = "dry run, nothing changed. " if dry_run else ""
        self.stdout.write(f"{prefix}{counts}")
