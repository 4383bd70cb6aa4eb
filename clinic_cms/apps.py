"""Installed packages' app configurations with the names the admin shows."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin by what it does, in the staff's language."""

    verbose_name = _("Login lock-outs")


class TasksDbConfig(TasksAppConfig):
    """django-tasks-db, whose task results superusers can list in the admin."""

    verbose_name = _("Background tasks")  # type: ignore[assignment]  # lazy, as Django allows
