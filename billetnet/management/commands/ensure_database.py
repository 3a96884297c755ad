"""Make sure PostgreSQL answers and the project's database exists (used by `make`).

Order: DATABASE_URL if set; else 127.0.0.1:5432; else start the machine's own
cluster with pg_ctlcluster when there is one; else stop with one clear message.
"""

import shutil
import subprocess
import time

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql


def _connect(db: dict, dbname: str):
    return psycopg.connect(
        dbname=dbname,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        connect_timeout=3,
        autocommit=True,
    )


class Command(BaseCommand):
    help = (
        "Check that PostgreSQL is reachable (starting the local cluster if needed) "
        "and create the database if missing."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        where = f"{db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}"
        conn = self._try_connect(db)
        if conn is None and not settings.DATABASE_URL and self._start_local_cluster():
            conn = self._try_connect(db, attempts=20)
        if conn is None:
            raise CommandError(
                f"PostgreSQL does not answer at {where}. Start it (for example "
                "`pg_ctlcluster 15 main start`) or set DATABASE_URL, e.g. "
                "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/billetnet"
            )
        with conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
            ).fetchone()
            if exists:
                self.stdout.write(f"PostgreSQL at {where}: database {db['NAME']!r} is ready.")
                return
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
            except psycopg.Error as exc:
                raise CommandError(
                    f"Could not create the database {db['NAME']!r}: {exc}. Create it by hand "
                    "or give DATABASE_URL a user allowed to create databases."
                ) from exc
        self.stdout.write(self.style.SUCCESS(f"Created database {db['NAME']!r} at {where}."))

    def _try_connect(self, db, attempts=1):
        for attempt in range(attempts):
            try:
                return _connect(db, "postgres")
            except psycopg.OperationalError as exc:
                if "does not exist" in str(exc):  # no "postgres" database: try our own
                    try:
                        return _connect(db, db["NAME"])
                    except psycopg.OperationalError:
                        pass
                if attempt + 1 < attempts:
                    time.sleep(0.5)
        return None

    def _start_local_cluster(self) -> bool:
        if not shutil.which("pg_lsclusters") or not shutil.which("pg_ctlcluster"):
            return False
        listing = subprocess.run(
            ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
        )
        for line in listing.stdout.splitlines():
            fields = line.split()
            if len(fields) < 4 or fields[3] == "online":
                continue
            version, name = fields[0], fields[1]
            self.stdout.write(f"Starting the local PostgreSQL cluster {version}/{name}…")
            started = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"],
                capture_output=True,
                text=True,
                check=False,
            )
            if started.returncode == 0:
                return True
            self.stderr.write(started.stderr.strip())
        return False
