from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.backups import BackupError, sqlite_restore


class Command(BaseCommand):
    help = (
        "Replace the SQLite database with a backup made by backup_sqlite, in one "
        "transaction. Run migrate afterwards if the backup is older than the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        try:
            sqlite_restore(source=Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored from {file}.")
