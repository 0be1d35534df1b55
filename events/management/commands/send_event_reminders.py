from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from events.models import Registration
from events.services import registration_send_reminder


class Command(BaseCommand):
    help = (
        "Email a reminder to every representative registered for a published event in the "
        "next days. Run it daily (cron or a systemd timer); each registration gets one reminder, "
        "so running it again the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_URL", ""),
            help="The portal's address for the links in the email, e.g. https://csr.depok.go.id/ "
            "(default: the PORTAL_URL setting, when there is one).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=2,
            help="Remind of events up to this many days ahead (default 2: today's run reminds "
            "of tomorrow's and the day after's events).",
        )

    def handle(self, *args, base_url, days, **options):
        if not base_url:
            raise CommandError("Give the portal's address with --base-url.")
        today = timezone.localdate()
        due = (
            Registration.objects.active()
            .filter(
                event__is_published=True,
                event__date__gt=today,
                event__date__lte=today + timedelta(days=days),
                checked_in_at__isnull=True,
                reminder_sent_at__isnull=True,
            )
            .filter(~Q(email="") | Q(registered_by__email__gt=""))
            .order_by("event__date", "pk")
        )
        sent = sum(
            registration_send_reminder(registration=registration, base_url=base_url)
            for registration in due
        )
        self.stdout.write(f"Event reminders sent: {sent}.")
