"""The catalog formats an import reads, told apart by their content."""

import polib

from articles.translations.po.reading import catalog_read
from articles.translations.xliff.files import is_xliff, xliff_read


def catalog_parse(data: bytes, *, filename: str = "") -> polib.POFile:
    """A PO or XLIFF file as the entries of a PO catalog, or CatalogError."""
    if is_xliff(data):
        return xliff_read(data, filename=filename)
    return catalog_read(data, filename=filename)
