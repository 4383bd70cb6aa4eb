"""Content-Security-Policy: the site's policy on every response, the admin's on
admin pages.

Public pages need no nonce, so their header is the same for every reader and a
page cached whole is replayed with exactly the policy it was served with. Admin
pages are never cached; they get a fresh nonce for the few inline scripts their
widgets must keep.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_request(request: HttpRequest) -> bool:
    """Whether the request was answered by a view of the admin site."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's policy for admin views."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if is_admin_request(request):
            if parts.config is None:
                parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        else:
            # Never a per-request value in a header a cached page may replay.
            parts.nonce = None
        return parts
