"""The catalog formats an import reads, told apart by their content."""

import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import polib

from articles.translations.po.reading import CatalogFile, catalog_open
from articles.translations.xliff.files import is_xliff, xliff_read


class LoadedCatalog:
    """A catalog read whole (an XLIFF file's units) as the import reads a
    ``CatalogFile``: its header, the contexts of its entries, the entries by number."""

    def __init__(self, catalog: polib.POFile) -> None:
        self.metadata = catalog.metadata
        self._entries = [e for e in catalog if not e.obsolete and e.msgid]

    def contexts(self) -> Iterator[tuple[int, int, str]]:
        for number, entry in enumerate(self._entries):
            yield number, entry.linenum or 0, entry.msgctxt or ""

    def __enter__(self) -> "LoadedCatalog":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def entries(self, numbers: Iterable[int]) -> list[polib.POEntry]:
        return [self._entries[number] for number in numbers]


def catalog_parse(
    data: bytes | BinaryIO, *, filename: str = ""
) -> CatalogFile | LoadedCatalog:
    """A PO or XLIFF file's header and entries for the import, or CatalogError.

    A PO file is read as it is checked, never whole; an XLIFF file whole.
    """
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    source.seek(0)
    if is_xliff(source.read(1024)):
        source.seek(0)
        return LoadedCatalog(xliff_read(source.read(), filename=filename))
    return catalog_open(source, filename=filename)
