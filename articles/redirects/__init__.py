"""Lasting addresses: old paths that answer 301 with a page's address now."""
