"""python manage.py import_redirects FILE.csv: the old website's addresses."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.actions.base import ActionRefused, acting_user
from articles.actions.redirects import import_redirects
from articles.redirects.planning import RedirectsRefused

MAX_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import redirects from a CSV file with the columns old path, target "
        "(an article as LANG:SLUG, or a path on this site). Every row is checked "
        "first; the file is applied whole or not at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="The account the import is recorded for.")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB"
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            result = import_redirects(
                data=data, filename=path.name, user=acting_user(options["user"])
            )
        except RedirectsRefused as error:
            raise CommandError(
                "\n".join(f"{path}: {problem}" for problem in error.problems)
                + "\nNothing was imported."
            ) from None
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        self.stdout.write(
            f"{result.created} redirects created, {result.replaced} replaced."
        )
