from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the interface catalogs (django.po, djangojs.po) under the locale folders to .mo with polib, "
        "so running the site does not need GNU gettext."
    )

    def handle(self, *args, **options):
        for folder in settings.LOCALE_PATHS:
            for po_path in sorted(Path(folder).glob("*/LC_MESSAGES/django*.po")):
                polib.pofile(str(po_path)).save_as_mofile(
                    str(po_path.with_suffix(".mo"))
                )
                self.stdout.write(f"compiled {po_path}")
