from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programs.reminders import send_reminders


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = (
        "Email partners that have not reported on a pledge in an open reporting period, 14, 7 "
        "and 1 days before it ends. Run it daily (cron or a systemd timer); each partner gets "
        "each reminder once, so running it again the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=day,
            help="Act as if today were this day (YYYY-MM-DD), to test or to catch up a missed run.",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_URL", ""),
            help="The portal's address for the links in the email (default: PORTAL_URL).",
        )

    def handle(self, *args, today, base_url, **options):
        today = today or timezone.localdate()
        sent = send_reminders(today=today, base_url=base_url)
        self.stdout.write(f"Reporting reminders sent for {today}: {sent}.")
