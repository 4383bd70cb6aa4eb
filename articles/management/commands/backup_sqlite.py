from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.backups import BackupError, sqlite_backup


class Command(BaseCommand):
    help = (
        "Back the SQLite database up to FILE while the site runs: one consistent, "
        "checked, self-contained copy (a plain file copy is not safe in WAL mode)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        try:
            sqlite_backup(target=Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {file}.")
