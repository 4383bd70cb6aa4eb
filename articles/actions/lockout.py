"""A login lock-out, recorded when django-axes locks a user name out."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from articles.models.audit import AuditEntry

LOCKED_OUT = _("Too many failed logins from %(address)s.")


@receiver(user_locked_out)
def lockout_recorded(
    sender: Any, *, username: str = "", ip_address: str = "", **kwargs: Any
) -> None:
    """One refused entry per lock-out: the account name tried, and the address."""
    username = (username or "")[:150]
    user = get_user_model().objects.filter(username=username).first()
    AuditEntry(
        user=user,
        username=username,
        user_display=(user.get_full_name() if user else "") or username,
        action=AuditEntry.Action.LOCKOUT,
        object_type="account",
        object_label=username,
        outcome=AuditEntry.Outcome.REFUSED,
        reason=str(LOCKED_OUT % {"address": ip_address}),
    ).save()
