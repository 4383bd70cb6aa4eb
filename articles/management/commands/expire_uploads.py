from django.core.management.base import BaseCommand

from articles.translations.uploads import catalog_uploads_expire


class Command(BaseCommand):
    help = (
        "Delete PO files uploaded in the admin and not applied within "
        "CATALOG_UPLOAD_HOURS. Run it from cron once a day."
    )

    def handle(self, *args, **options):
        count = catalog_uploads_expire()
        self.stdout.write(f"deleted {count} expired upload(s)")
