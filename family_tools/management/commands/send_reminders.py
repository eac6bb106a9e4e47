"""Time-based notifications and pending mail; safe to run any number of times, anywhere."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.mail import send_pending
from notifications.models import Notification
from packertracker.reminders import send_reminders as send_trip_reminders
from toolpool.reminders import send_reminders as send_loan_reminders


class Command(BaseCommand):
    help = (
        "Makes the reminders that are due (due tomorrow, overdue, uncovered group gear, trip "
        "reviews, lapsed queue claims), sends pending mail and prunes old read notifications. "
        "Run it every few minutes: every reminder is made once however often it runs."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        send_loan_reminders(today)
        send_trip_reminders(today)
        pruned = Notification.objects.prune()
        sent = send_pending()
        self.stdout.write(f"{sent} mails sent, {pruned} read notifications pruned.")
