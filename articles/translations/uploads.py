"""PO files uploaded in the admin, kept between the dry run and "Apply".

An unapplied upload expires after CATALOG_UPLOAD_HOURS and a user keeps at
most CATALOG_UPLOADS_PER_USER of them, so that files nobody applies do not pile
up in the database. Expired uploads are removed whenever someone uploads or
applies a file, and by ``python manage.py expire_uploads``. Applied uploads
are kept, with their file, as the record of what was imported.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy

from articles.actions.base import actions_batch
from articles.actions.import_catalog import import_catalog
from articles.models import CatalogUpload
from articles.translations.po.importing import ImportReport

UPLOAD_GONE = gettext_lazy(
    "This upload can no longer be applied: an upload not applied within "
    "%(hours)s hours expires, only your %(count)s latest are kept, and each is "
    "applied once. Upload the file again."
)


def upload_gone_message() -> str:
    return UPLOAD_GONE % {
        "hours": settings.CATALOG_UPLOAD_HOURS,
        "count": settings.CATALOG_UPLOADS_PER_USER,
    }


def catalog_uploads_expire(*, now: datetime | None = None) -> int:
    """Delete every expired unapplied upload; how many there were."""
    deleted, _by_model = CatalogUpload.objects.expired(
        now=now or timezone.now()
    ).delete()
    return deleted


def catalog_upload_keep(
    *,
    user: User,
    filename: str,
    language: str,
    apply_fuzzy: bool,
    content: bytes,
) -> CatalogUpload:
    """Keep a dry-run file for "Apply", dropping the user's oldest beyond the limit.

    One query removes the expired uploads and the user's surplus.
    """
    mine = CatalogUpload.objects.unapplied().filter(user=user)
    latest = mine.order_by("-created_at", "-pk").values("pk")[
        : settings.CATALOG_UPLOADS_PER_USER - 1
    ]
    surplus = mine.exclude(pk__in=latest)
    (CatalogUpload.objects.expired(now=timezone.now()) | surplus).delete()
    return CatalogUpload.objects.create(
        user=user,
        filename=filename[:255],
        language=language,
        apply_fuzzy=apply_fuzzy,
        content=content,
    )


def catalog_upload_apply(*, user: User, pk: int) -> ImportReport | None:
    """Apply the user's pending upload ``pk``; None when it can no longer be applied.

    Raises CatalogError as ``catalog_import`` does; the upload then stays pending.
    """
    now = timezone.now()
    catalog_uploads_expire(now=now)
    with actions_batch():
        upload = (
            CatalogUpload.objects.pending(now=now)
            .select_for_update()
            .filter(pk=pk, user=user)
            .first()
        )
        if upload is None:
            return None
        report = import_catalog(
            data=bytes(upload.content),
            filename=upload.filename,
            language=upload.language,
            user=user,
            apply_fuzzy=upload.apply_fuzzy,
        )
        upload.applied_at = now
        upload.save(update_fields=["applied_at"])
    return report
