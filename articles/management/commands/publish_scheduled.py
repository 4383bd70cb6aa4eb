from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.actions.base import ActionRefused, acting_user
from articles.actions.publish import publish_scheduled
from articles.public.pagecache import pages_retry


class Command(BaseCommand):
    help = (
        "Publish the scheduled revisions whose time has come and retry the page "
        "invalidations the cache refused. Run it from cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(self, *args, **options):
        try:
            user = acting_user(options.get("user"))
            published = publish_scheduled(now=timezone.now(), user=user)
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        for article in published:
            self.stdout.write(
                f"published revision {article.live_revision.number} of {article}"
            )
        retried = pages_retry()
        if retried:
            self.stdout.write(f"retried {retried} page invalidations the cache refused")
