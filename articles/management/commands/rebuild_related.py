import sys

from django.core.management.base import BaseCommand
from django.utils import translation
from tqdm import tqdm

from articles.background.commands import add_background_option, enqueued
from articles.background.tasks import related_rebuild_task
from articles.related.lists import related_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stored related-article lists of every article in every "
        "language, with a progress bar on a terminal."
    )

    def add_arguments(self, parser):
        add_background_option(parser)

    def handle(self, *args, background=False, **options):
        if background:
            self.stdout.write(enqueued(related_rebuild_task))
            return
        # The stream itself, not Django's wrapper, which ends every write with a
        # newline; tqdm stays silent when it is not a terminal.
        stream = options.get("stderr") or sys.stderr
        with tqdm(
            total=0, unit="step", desc="related articles", file=stream, disable=None
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = related_rebuild(progress=progress)
        counts = ", ".join(
            f"{len(ids)} in {translation.get_language_info(code)['name']}"
            for code, ids in result.recomputed.items()
        )
        self.stdout.write(
            f"Rebuilt the related lists of the articles readable: {counts}."
        )
