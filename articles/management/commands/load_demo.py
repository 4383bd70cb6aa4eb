from django.core.management.base import BaseCommand, CommandError

from articles.actions.base import ActionRefused, acting_user
from articles.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo articles in English and Dutch and a demo staff account (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(self, *args, **options):
        try:
            result = demo_load(user=acting_user(options.get("user")))
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        for article in result.articles:
            languages = ", ".join(article.readable_languages())
            self.stdout.write(f"{article} ({languages})")
        counts = ", ".join(
            f"{k}: {v}" for k, v in result.translation.summary().items() if v
        )
        self.stdout.write(f"Dutch translation (articles/demo/nl.po): {counts}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(result.articles)} articles. Staff login at /admin/: "
                f"user '{result.username}', password '{result.password}'."
            )
        )
