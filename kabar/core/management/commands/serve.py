"""`kabar serve`: the web server alone (gunicorn) on KABAR_HOST:KABAR_PORT."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the site with gunicorn on KABAR_HOST:KABAR_PORT."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")

    def handle(self, *args, workers: int, threads: int, **options):
        if not 1 <= workers <= 64:
            raise CommandError("--workers must be between 1 and 64")
        if not 1 <= threads <= 64:
            raise CommandError("--threads must be between 1 and 64")
        host, port = settings.KABAR_HOST, settings.KABAR_PORT
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"kabar: http://{shown}:{port}/  (Ctrl-C untuk berhenti)")
        self.stdout.flush()
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "kabar.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--limit-request-line",
            "8190",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ]
        # exec: gunicorn becomes this process, so Ctrl-C and signals reach it directly.
        os.execv(sys.executable, command)
