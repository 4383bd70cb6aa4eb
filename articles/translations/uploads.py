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
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy

from articles.actions.base import actions_batch
from articles.actions.import_catalog import import_catalog
from articles.models import CatalogUpload
from articles.translations.po.importing import ImportReport
from articles.translations.po.reading import CatalogError

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
    apply_memory: bool = False,
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
        apply_memory=apply_memory,
        content=content,
    )


def catalog_upload_inline(size: int) -> bool:
    """Whether a file of ``size`` bytes is checked and applied in the request;
    a larger one goes to a background worker (CATALOG_INLINE_KB)."""
    return size <= settings.CATALOG_INLINE_KB * 1024


def catalog_upload_size(*, user: User, pk: int) -> int | None:
    """The size of the user's pending upload ``pk``, read without its content."""
    return (
        CatalogUpload.objects.pending(now=timezone.now())
        .filter(pk=pk, user=user)
        .annotate(size=Length("content"))
        .values_list("size", flat=True)
        .first()
    )


def catalog_upload_check(*, user: User, pk: int) -> ImportReport | None:
    """The dry run of a pending upload kept before it (a large file, checked by a
    worker); None when it can no longer be applied.

    A file refused as a whole (CatalogError) is dropped, as no dry run keeps it.
    """
    upload = CatalogUpload.objects.pending(now=timezone.now()).filter(pk=pk, user=user)
    kept = upload.first()
    if kept is None:
        return None
    try:
        report = import_catalog(
            data=bytes(kept.content),
            filename=kept.filename,
            language=kept.language or None,
            user=user,
            dry_run=True,
            apply_fuzzy=kept.apply_fuzzy,
            apply_memory=kept.apply_memory,
        )
    except CatalogError:
        upload.delete()
        raise
    upload.update(language=report.language)
    return report


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
            apply_memory=upload.apply_memory,
        )
        upload.applied_at = now
        upload.save(update_fields=["applied_at"])
    return report
