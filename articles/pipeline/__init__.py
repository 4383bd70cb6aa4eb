"""The translation pipeline: segments, their translations, and PO catalogs in and out."""
