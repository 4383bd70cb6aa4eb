from pathlib import Path

from django.core.management.base import CommandError

from articles.management.commands.import_po import Command as ImportPo
from articles.translations.xliff.files import is_xliff

NOT_XLIFF_FILE = "%(file)s is not an XLIFF file; import a PO file with import_po."


class Command(ImportPo):
    help = (
        "Import a translated XLIFF 1.2 or 2.0 file. Units are matched by id and "
        "checked as import_po checks PO entries; what passes is applied in one "
        "transaction, one revision per article. The languages come from the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; change nothing."
        )
        parser.add_argument(
            "--apply-fuzzy",
            action="store_true",
            help="Apply units that need review too (skipped otherwise), except "
            "suggestions of the translation memory.",
        )
        parser.add_argument(
            "--apply-memory",
            action="store_true",
            help="Apply the translation memory's suggestions too (skipped otherwise).",
        )
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(self, *args, file, **options):
        try:
            with Path(file).open("rb") as handle:
                head = handle.read(1024)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        if not is_xliff(head):
            raise CommandError(NOT_XLIFF_FILE % {"file": file})
        # The file names its languages, as the report does.
        return super().handle(*args, file=file, language=None, **options)
