from django.core.management.base import BaseCommand

from ops import retention


class Command(BaseCommand):
    help = "Remove events, uploads, detections and thumbnails older than HOMESEC_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only say what would go")
        parser.add_argument("--days", type=int, help="instead of HOMESEC_RETENTION_DAYS")

    def handle(self, *args, dry_run=False, days=None, **options):
        if days is not None and days < 1:
            self.stderr.write("--days must be at least 1")
            raise SystemExit(2)
        report = retention.cleanup(dry_run=dry_run, days=days)
        self.stdout.write(("Would remove " if dry_run else "Removed ") + str(report))
        for path in report.refused:
            self.stdout.write(f"  left alone (outside the media roots): {path}")
