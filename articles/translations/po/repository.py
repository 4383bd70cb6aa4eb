"""The repository catalogs that translation platforms work on, and their template.

A platform (Weblate, Pontoon) commits its translators' work to
``locale/<language>/LC_MESSAGES/articles.po``; writing that file from the
database must not lose it. So the file's translations that the database does
not hold are imported first, through the import's own checks and report, and
whatever the import does not take (fuzzy drafts, translations of an earlier
source, rejected entries) is written back marked fuzzy, as msgmerge keeps what
it cannot match; translations of segments that no longer exist stay as
obsolete entries. The template holds the same entries without translations.
"""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import gettext as _

from articles.models import LANGUAGE_CODES
from articles.translations.limits import length_limit
from articles.translations.po.catalog import header, memory_note_line
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import WRONG_LANGUAGE
from articles.translations.po.reading import CatalogError, catalog_open

# Weblate's placeholder check, set on the component (see the README): every
# citation and link of the source must be in the translation.
WEBLATE_PLACEHOLDERS = r'placeholders:r"\[\d+\]|<a id=.a\d+.>|</a>"'
FUZZY = "fuzzy"


def repository_catalog_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "articles.po"


def template_path(language: str) -> Path:
    """The template of the catalog into ``language``.

    ``locale/articles.pot`` holds the articles written in the site's own
    language; articles written in another go into ``articles-<code>.pot``.
    """
    source = next(code for code in LANGUAGE_CODES if code != language)
    name = (
        "articles.pot" if source == settings.LANGUAGE_CODE else f"articles-{source}.pot"
    )
    return Path(settings.LOCALE_PATHS[0]) / name


@dataclass
class RepositoryWrite:
    """What writing a repository catalog did."""

    path: Path
    template: Path
    entries: int = 0
    kept: list[str] = field(default_factory=list)  # contexts written back fuzzy
    obsolete: int = 0


def repository_catalog_read(language: str) -> polib.POFile | None:
    """The repository catalog as it is, comments included; None when there is none.

    Raises CatalogError when the import's reader refuses it.
    """
    path = repository_catalog_path(language)
    if not path.exists():
        return None
    data = path.read_bytes()
    with catalog_open(data, filename=str(path)) as checked:
        declared = (checked.metadata.get("Language") or "").replace("-", "_")
    if declared.split("_")[0].lower() != language:
        raise CatalogError(
            WRONG_LANGUAGE % {"declared": declared or _("missing"), "target": language}
        )
    return polib.pofile(data.decode("utf-8"), wrapwidth=0)


def repository_catalog_pending(present: polib.POFile, language: str) -> int:
    """How many finished translations of the file the database does not hold."""
    fresh = {entry.msgctxt: entry for entry in catalog_export(language=language)}
    return sum(
        1
        for entry in present
        if entry.msgid
        and entry.msgstr
        and not entry.obsolete
        and not entry.fuzzy
        and (new := fresh.get(entry.msgctxt)) is not None
        and (new.fuzzy or (new.msgid, new.msgstr) != (entry.msgid, entry.msgstr))
    )


def repository_catalog_write(
    *, language: str, present: polib.POFile | None
) -> RepositoryWrite:
    """Write the repository catalog and its template from the database.

    What ``present`` (the file as it was, once imported) holds that the
    database lacks is written back, as the module's docstring says.
    """
    catalog = catalog_export(language=language)
    result = RepositoryWrite(repository_catalog_path(language), template_path(language))
    if present is not None:
        result.kept, result.obsolete = _merge(present, catalog)
    _add_length_flags(catalog)
    result.entries = len([entry for entry in catalog if not entry.obsolete])
    _write(result.path, str(catalog))
    _write(result.template, str(catalog_template(catalog)))
    return result


def catalog_template(catalog: polib.POFile) -> polib.POFile:
    """The catalog as a POT template: the same entries, without translations."""
    template = polib.POFile(wrapwidth=0)
    template.metadata = {
        key: value
        for key, value in header("en").items()
        if key not in {"Language", "Plural-Forms", "PO-Revision-Date"}
    }
    template.metadata["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
    template.metadata["Language-Team"] = "LANGUAGE <LL@li.org>"
    for entry in catalog:
        if entry.obsolete:
            continue
        template.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgstr="",
                comment="\n".join(
                    line
                    for line in entry.comment.splitlines()
                    if not memory_note_line(line)
                ),
                occurrences=entry.occurrences,
                flags=[flag for flag in entry.flags if flag != FUZZY],
            )
        )
    return template


def _merge(present: polib.POFile, catalog: polib.POFile) -> tuple[list[str], int]:
    """Keep in ``catalog`` each translation of the file that the database lacks.

    Returns the contexts written back fuzzy and the number of obsolete entries.
    """
    fresh = {entry.msgctxt: entry for entry in catalog}
    active = {(entry.msgctxt, entry.msgid) for entry in catalog}
    kept: list[str] = []
    obsolete: list[polib.POEntry] = []
    for entry in present:
        if not entry.msgid or not entry.msgstr:
            continue
        new = None if entry.obsolete else fresh.get(entry.msgctxt)
        if new is None:
            if (entry.msgctxt, entry.msgid) not in active:
                obsolete.append(
                    polib.POEntry(
                        msgctxt=entry.msgctxt,
                        msgid=entry.msgid,
                        msgstr=entry.msgstr,
                        tcomment=entry.tcomment,
                        obsolete=True,
                    )
                )
            continue
        new.tcomment = new.tcomment or entry.tcomment
        if (new.msgid, new.msgstr) == (entry.msgid, entry.msgstr):
            if entry.fuzzy and not new.fuzzy:
                new.flags.append(FUZZY)  # the platform's "needs editing" stays
            continue
        new.msgstr = entry.msgstr
        if not new.fuzzy:
            new.flags.append(FUZZY)
        new.previous_msgid = entry.msgid if entry.msgid != new.msgid else None
        new.previous_msgctxt = None
        kept.append(entry.msgctxt)
    catalog.extend(obsolete)
    return kept, len(obsolete)


def _add_length_flags(catalog: polib.POFile) -> None:
    """Weblate's ``max-length`` on the entries whose field has a length limit."""
    for entry in catalog:
        limit = None if entry.obsolete else length_limit(entry.msgctxt or "")
        if limit:
            entry.flags.append(f"max-length:{limit}")


def _write(path: Path, text: str) -> None:
    """Replace the file at once, so that a reader never finds half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
