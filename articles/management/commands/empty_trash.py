from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.actions.base import ActionRefused, acting_user
from articles.actions.trash import empty_trash


class Command(BaseCommand):
    help = (
        "Remove for good, with their revisions, the articles deleted more than "
        "TRASH_DAYS ago. Run it from cron once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="Remove every article in the trash, however recently deleted.",
        )
        parser.add_argument(
            "--user", help="Act as this user (default: the system), for the audit log."
        )

    def handle(self, *args, everything, **options):
        try:
            removed = empty_trash(
                now=timezone.now(),
                user=acting_user(options.get("user")),
                everything=everything,
            )
        except ActionRefused as error:
            raise CommandError(error.reason) from None
        for title in removed:
            self.stdout.write(f"removed {title}")
        self.stdout.write(f"removed {len(removed)} article(s) from the trash")
