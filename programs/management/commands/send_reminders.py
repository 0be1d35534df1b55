from programs.management.scheduled import ScheduledEmailCommand
from programs.reminders import send_reminders


class Command(ScheduledEmailCommand):
    help = (
        "Email partners that have not reported on a pledge in an open reporting period, 14, 7 "
        "and 1 days before it ends. Run it daily (cron or a systemd timer); each partner gets "
        "each reminder once, so running it again the same day sends nothing twice."
    )
    today_help = "Act as if today were this day (YYYY-MM-DD), to test or to catch up a missed run."
    done = "Reporting reminders sent for {today}: {sent}."

    def send(self, today, base_url):
        return send_reminders(today=today, base_url=base_url)
