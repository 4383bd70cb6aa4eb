import json
from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models.audit import AuditEntry


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Print the audit log, oldest first: every action done or refused, who did "
        "it and on what."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="From this day on.")
        parser.add_argument("--article", metavar="SLUG", help="Only this article.")
        parser.add_argument(
            "--json", action="store_true", help="One JSON object a line."
        )

    def handle(self, *args, since, article, **options):
        entries = AuditEntry.objects.order_by("created_at", "pk")
        if since:
            start = datetime.combine(_day(since), time.min)
            entries = entries.filter(created_at__gte=timezone.make_aware(start))
        if article:
            entries = entries.about_article(article)
        for entry in entries.iterator():
            self.stdout.write(_json(entry) if options["json"] else _text(entry))


def _object(entry: AuditEntry) -> str:
    label = entry.object_label
    if entry.revision is not None:
        label = f"{label} (revision {entry.revision})"
    return f"{entry.object_type} {label}".strip()


def _fields(entry: AuditEntry) -> dict[str, str]:
    return {
        "time": timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
        "user": entry.username,
        "action": entry.action,
        "object": _object(entry),
        "outcome": entry.outcome,
        "reason": entry.reason,
    }


def _json(entry: AuditEntry) -> str:
    return json.dumps(_fields(entry), ensure_ascii=False)


def _text(entry: AuditEntry) -> str:
    fields = _fields(entry)
    line = "  ".join(
        fields[name] for name in ("time", "user", "action", "object", "outcome")
    )
    return f"{line}: {fields['reason']}" if fields["reason"] else line
