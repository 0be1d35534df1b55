"""What the scheduled email commands (send_reminders, send_digests) share: the day they act
for (`--today`, to test or to catch up a missed run) and the portal address for the links."""

from argparse import ArgumentTypeError
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


def day(value: str) -> date:
    # An argparse type error: a usage message on the command line, CommandError in call_command.
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"Not a date (YYYY-MM-DD): {value}") from error


class ScheduledEmailCommand(BaseCommand):
    """Subclasses set `today_help` and `done` (a message with {today} and {sent}) and define
    `send(today, base_url)`, which returns how many emails went out."""

    today_help = "Act as if today were this day (YYYY-MM-DD)."
    done = "{today}: {sent} sent."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=day, help=self.today_help)
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_URL", ""),
            help="The portal's address for the links in the email (default: PORTAL_URL).",
        )

    def send(self, today: date, base_url: str) -> int:
        raise NotImplementedError

    def handle(self, *args, today, base_url, **options):
        today = today or timezone.localdate()
        sent = self.send(today, base_url)
        self.stdout.write(self.done.format(today=today, sent=sent))
