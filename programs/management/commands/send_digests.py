from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from programs.management.commands.send_reminders import day
from programs.reminders import send_digests


class Command(BaseCommand):
    help = (
        "Email each agency officer the pledges to their agencies and the reports on them of the "
        "last 7 days. Run it weekly (e.g. Monday morning); an officer gets at most one digest per "
        "ISO week, and none when nothing happened."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=day,
            help="Act as if today were this day (YYYY-MM-DD); the digest covers the 7 days before.",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_URL", ""),
            help="The portal's address for the links in the email (default: PORTAL_URL).",
        )

    def handle(self, *args, today, base_url, **options):
        today = today or timezone.localdate()
        sent = send_digests(today=today, base_url=base_url)
        self.stdout.write(f"Weekly digests sent for the week of {today}: {sent}.")
