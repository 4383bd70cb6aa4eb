"""Page invalidations the cache refused, kept until a retry succeeds."""

from django.db import models


class PageInvalidation(models.Model):
    """A cached page's retirement that the cache refused, kept until a retry succeeds.

    Not shown anywhere: ``articles.public.pagecache`` writes and retries these rows.
    """

    path = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.path
