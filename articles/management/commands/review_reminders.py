from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.review.mail import reminders_send


class Command(BaseCommand):
    help = (
        "Mail each medical reviewer the list of their articles whose review is "
        "due or overdue. Run it from cron, e.g. on the first of each month."
    )

    def handle(self, *args, **options):
        sent, articles, unreachable = reminders_send(today=timezone.localdate())
        for reviewer in unreachable:
            self.stderr.write(
                f"no e-mail address for reviewer {reviewer}: not reminded"
            )
        self.stdout.write(f"sent {sent} reminder(s) listing {articles} article(s)")
