from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.trash import trash_empty


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

    def handle(self, *args, everything, **options):
        removed = trash_empty(now=timezone.now(), everything=everything)
        for title in removed:
            self.stdout.write(f"removed {title}")
        self.stdout.write(f"removed {len(removed)} article(s) from the trash")
