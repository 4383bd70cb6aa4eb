"""XLIFF 1.2 and 2.0 catalogs for CAT tools, built on the PO catalogs' entries."""
