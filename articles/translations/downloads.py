"""Whole-site catalogs of a large site, exported by a worker and kept for download.

A site of more than CATALOG_EXPORT_INLINE_ARTICLES articles is exported in the
background; the file waits in the database (any app server can serve it) for
CATALOG_UPLOAD_HOURS, and a user keeps at most CATALOG_UPLOADS_PER_USER.
"""

import io
import tempfile
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article, CatalogDownload
from articles.translations.po.export import catalog_write


def catalog_filename(language: str) -> str:
    return f"articles-{language}-{timezone.now().strftime('%Y%m%d-%H%M')}.po"


def catalog_export_inline() -> bool:
    """Whether a whole-site export is made in the request itself."""
    return Article.objects.present().count() <= settings.CATALOG_EXPORT_INLINE_ARTICLES


def _fresh():
    cutoff = timezone.now() - timedelta(hours=settings.CATALOG_UPLOAD_HOURS)
    return CatalogDownload.objects.filter(created_at__gte=cutoff)


def catalog_download_keep(
    *, user: User, language: str, needs_work: bool
) -> CatalogDownload:
    """Export the catalog and keep it for the user, dropping expired downloads
    and the user's oldest beyond the limit."""
    # Written entry by entry: only the file's bytes are ever in memory whole.
    with tempfile.TemporaryFile() as handle:
        out = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        catalog_write(out, language=language, needs_work=needs_work)
        out.detach()
        handle.seek(0)
        content = handle.read()
    mine = CatalogDownload.objects.filter(user=user)
    latest = mine.order_by("-created_at", "-pk").values("pk")[
        : settings.CATALOG_UPLOADS_PER_USER - 1
    ]
    expired = CatalogDownload.objects.exclude(pk__in=_fresh().values("pk"))
    (expired | mine.exclude(pk__in=latest)).delete()
    return CatalogDownload.objects.create(
        user=user, filename=catalog_filename(language), content=content
    )


def catalog_download(*, user: User, pk: int) -> CatalogDownload | None:
    """The user's download ``pk`` while it is kept."""
    return _fresh().filter(pk=pk, user=user).first()
