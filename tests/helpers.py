"""What several test modules share that is neither test data nor a service: the
pages they open, the query budgets they pin, and the imports and commands they
run as a user would."""

import os
import subprocess
import sys

import polib
from django.conf import settings

from articles.oldsite.parser import OldSiteFormatError, parse_bytes
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import catalog_import
from articles.translations.po.reading import catalog_open

LOGIN = "/admin/login/?next=/admin/"
# The page of the article that ``make_article`` makes by default, in each language.
PAGE = "/en/articles/capsaicin-for-nerve-pain/"
DUTCH_PAGE = "/nl/artikelen/capsaicine-bij-zenuwpijn/"
# An article page rendered afresh: article, the header menu's categories with the
# category's ancestors, references, picks, public revisions.
PAGE_QUERIES = 5


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``manage.py`` run in a process of its own, with only ``env`` configuring it."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "PAGE_CACHE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def exported(language: str = "nl", **kwargs) -> polib.POFile:
    """The catalog a translator downloads, parsed."""
    return polib.pofile(str(catalog_export(language=language, **kwargs)))


def catalog_read(data: bytes) -> polib.POFile:
    """The header and entries the import's reader gives, as one catalog."""
    with catalog_open(data) as opened:
        catalog = polib.POFile()
        catalog.metadata = opened.metadata
        catalog.extend(opened.entries(number for number, _l, _c in opened.contexts()))
    return catalog


def import_catalog(catalog: polib.POFile | bytes | str, **kwargs):
    """Import a Dutch catalog (as no one in particular unless ``user`` is given)."""
    data = catalog if isinstance(catalog, bytes) else str(catalog).encode()
    kwargs.setdefault("language", "nl")
    kwargs.setdefault("user", None)
    return catalog_import(data=data, filename="nl.po", **kwargs)


def oldsite_refusal(text: str | bytes) -> str:
    """Why the old-site parser refuses the file ``article.txt``."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        parse_bytes(data, filename="article.txt")
    except OldSiteFormatError as error:
        return str(error)
    raise AssertionError("the file was accepted")
