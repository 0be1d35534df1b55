from programs.management.scheduled import ScheduledEmailCommand
from programs.reminders import send_digests


class Command(ScheduledEmailCommand):
    help = (
        "Email each agency officer the pledges to their agencies and the reports on them of the "
        "last 7 days. Run it weekly (e.g. Monday morning); an officer gets at most one digest per "
        "ISO week, and none when nothing happened."
    )
    today_help = "Act as if today were this day (YYYY-MM-DD); the digest covers the 7 days before."
    done = "Weekly digests sent for the week of {today}: {sent}."

    def send(self, today, base_url):
        return send_digests(today=today, base_url=base_url)
