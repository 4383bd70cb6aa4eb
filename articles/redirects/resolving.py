"""Where an old address leads now."""

from articles.models import Redirect


def _candidates(path: str, query: str) -> list[str]:
    """The full path with its query, the path, then each parent path, longest first."""
    found = [f"{path}?{query}"] if query else []
    found.append(path)
    parts = path.rstrip("/").split("/")
    # "/en/articles/x/versions/3/" -> "/en/articles/x/versions/", "/en/articles/x/", …
    for end in range(len(parts) - 1, 2, -1):
        found.append("/".join(parts[:end]) + "/")
    return found


def redirect_for(path: str, query: str = "") -> str | None:
    """The address an old path leads to, in one query; None if it is no old path.

    Below an old article or category address (an earlier version, a feed) the
    rest of the path is kept; the query string is kept unless it was part of
    the old address.
    """
    candidates = _candidates(path, query)
    found = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.filter(old_path__in=candidates).select_related(
            "article", "category"
        )
    }
    for candidate in candidates:
        redirect = found.get(candidate)
        if redirect is None:
            continue
        is_object = redirect.article_id is not None or redirect.category_id is not None
        if candidate not in (path, f"{path}?{query}") and not is_object:
            continue
        target = redirect.target_url()
        if target is None:
            return None
        if candidate.endswith("/") and len(candidate) < len(path):
            target += path[len(candidate) :]
        if query and "?" not in candidate:
            target += f"?{query}"
        return target
    return None
