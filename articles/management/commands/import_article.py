from django.core.management.base import BaseCommand, CommandError

from articles.actions.base import ActionRefused, acting_user
from articles.actions.import_article import import_articles
from articles.oldsite.importing import ImportRefused, import_conflicts
from articles.oldsite.parser import OldSiteFormatError, parse_file


class Command(BaseCommand):
    help = (
        "Import articles from the old website's plain-text format. All files are "
        "checked first; if any is refused, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--language",
            choices=["en", "nl"],
            help="Language the files are written in (detected from the text if omitted).",
        )
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(self, *args, files: list[str], language: str | None, **options):
        try:
            user = acting_user(options.get("user"))
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        parsed, problems = [], []
        for path in files:
            try:
                parsed.append(parse_file(path, language=language))
            except OldSiteFormatError as error:
                problems.append(str(error))
            except OSError as error:
                problems.append(f"{path}: {error.strerror}")
        problems += import_conflicts(parsed)
        if problems:
            self._refuse(problems)
        try:
            results = import_articles(parsed=parsed, user=user)
        except (ImportRefused, ActionRefused) as error:
            self._refuse([str(error)])
        for item, result in zip(parsed, results, strict=True):
            self.stdout.write(
                f"{result.outcome}: {item.filename} → "
                f"{result.article.title_in(item.language)} ({item.language}) "
                f"{result.article.url_in(item.language)}"
            )

    def _refuse(self, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(problem)
        raise CommandError(f"{len(problems)} file(s) refused; nothing was imported.")
