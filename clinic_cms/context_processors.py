"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name, for headers and titles."""
    return {"SITE_NAME": settings.SITE_NAME}
