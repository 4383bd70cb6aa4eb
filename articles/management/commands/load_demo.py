from django.core.management.base import BaseCommand

from articles.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo articles in English and Dutch and a demo staff account (idempotent)."

    def handle(self, *args, **options):
        result = demo_load()
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
