from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import translation

from articles.background.commands import enqueued
from articles.background.tasks import search_rebuild_task
from articles.models import SearchDocument
from articles.search.indexing import search_rebuild


class Command(BaseCommand):
    help = (
        "Index every article readable in each language afresh for the site's "
        "search, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it for a worker (python manage.py db_worker) and return at once.",
        )

    def handle(self, *args, background=False, **options):
        if background:
            self.stdout.write(enqueued(search_rebuild_task))
            return
        search_rebuild()
        counts = ", ".join(
            f"{row['count']} in {translation.get_language_info(row['language'])['name']}"
            for row in SearchDocument.objects.values("language")
            .annotate(count=Count("pk"))
            .order_by("language")
        )
        self.stdout.write(f"Rebuilt the search index: {counts or 'nothing to index'}.")
