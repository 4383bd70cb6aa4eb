from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import translation

from articles.background.commands import add_background_option, enqueued
from articles.background.tasks import search_rebuild_task
from articles.models import SearchDocument
from articles.search.indexing import search_rebuild


class Command(BaseCommand):
    help = (
        "Index every article readable in each language afresh for the site's "
        "search, in one transaction."
    )

    def add_arguments(self, parser):
        add_background_option(parser)

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
