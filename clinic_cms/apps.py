"""Installed packages' app configurations with the names the admin shows."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin by what it does, in the staff's language."""

    verbose_name = _("Login lock-outs")
