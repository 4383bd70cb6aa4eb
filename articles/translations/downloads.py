"""Whole-site catalogs of a large site, exported by a worker and kept for download.

A site of more than CATALOG_EXPORT_INLINE_ARTICLES articles is exported in the
background; the file waits in the database (any app server can serve it) for
CATALOG_UPLOAD_HOURS, and a user keeps at most CATALOG_UPLOADS_PER_USER. It is
written and read in parts of CATALOG_DOWNLOAD_PART_KB, never whole.
"""

from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from articles.models import Article, CatalogDownload, CatalogDownloadPart
from articles.translations.po.export import catalog_write


def catalog_filename(language: str) -> str:
    return f"articles-{language}-{timezone.now().strftime('%Y%m%d-%H%M')}.po"


def catalog_export_inline() -> bool:
    """Whether a whole-site export is made in the request itself."""
    return Article.objects.present().count() <= settings.CATALOG_EXPORT_INLINE_ARTICLES


def _fresh():
    cutoff = timezone.now() - timedelta(hours=settings.CATALOG_UPLOAD_HOURS)
    return CatalogDownload.objects.filter(created_at__gte=cutoff)


class _Parts:
    """A text stream that stores what is written as the download's parts."""

    def __init__(self, download: CatalogDownload) -> None:
        self.download = download
        self.pending = bytearray()
        self.number = 0

    def write(self, text: str) -> int:
        self.pending += text.encode("utf-8")
        size = max(settings.CATALOG_DOWNLOAD_PART_KB, 1) * 1024
        while len(self.pending) >= size:
            self._store(bytes(self.pending[:size]))
            del self.pending[:size]
        return len(text)

    def close(self) -> None:
        if self.pending or not self.number:
            self._store(bytes(self.pending))

    def _store(self, content: bytes) -> None:
        CatalogDownloadPart.objects.create(
            download=self.download, number=self.number, content=content
        )
        self.number += 1


@transaction.atomic
def catalog_download_keep(
    *, user: User, language: str, needs_work: bool
) -> CatalogDownload:
    """Export the catalog and keep it for the user, dropping expired downloads
    and the user's oldest beyond the limit.

    One transaction: a worker stopped half way leaves no part of a file.
    """
    mine = CatalogDownload.objects.filter(user=user)
    latest = mine.order_by("-created_at", "-pk").values("pk")[
        : settings.CATALOG_UPLOADS_PER_USER - 1
    ]
    expired = CatalogDownload.objects.exclude(pk__in=_fresh().values("pk"))
    (expired | mine.exclude(pk__in=latest)).delete()
    download = CatalogDownload.objects.create(
        user=user, filename=catalog_filename(language)
    )
    parts = _Parts(download)
    catalog_write(parts, language=language, needs_work=needs_work)
    parts.close()
    return download


def catalog_download_content(download: CatalogDownload) -> Iterator[bytes]:
    """The download's bytes, a part at a time."""
    numbers = download.parts.order_by("number").values_list("number", flat=True)
    for number in list(numbers):
        yield bytes(download.parts.get(number=number).content)


def catalog_download(*, user: User, pk: int) -> CatalogDownload | None:
    """The user's download ``pk`` while it is kept."""
    return _fresh().filter(pk=pk, user=user).first()
