from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.pagecache import pages_retry
from articles.revisions import articles_publish_due


class Command(BaseCommand):
    help = (
        "Publish the scheduled revisions whose time has come and retry the page "
        "invalidations the cache refused. Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        for article in articles_publish_due(now=timezone.now()):
            self.stdout.write(
                f"published revision {article.live_revision.number} of {article}"
            )
        retried = pages_retry()
        if retried:
            self.stdout.write(f"retried {retried} page invalidations the cache refused")
