"""The service under load: `make loadtest` (not part of `make test`).

Seeds a throwaway PostgreSQL database (the demo organisation at SCALE with ten years of audits),
starts the production-like stack on this machine (gunicorn, WORKERS workers with their threads,
the Celery worker, PostgreSQL, Redis sessions, cache and broker, DEBUG off), then runs steps of
signed-in users (20, 50, 100, 200 by default; half of them autosaving an audit as they type, the
rest reading pages) for STEP_SECONDS each, with an anonymous user on the sign-in page too. The
floor is the sign-in page's p95 with nobody else using the service, measured first. Prints, per
step and page type, requests/s and p50/p95/p99 in ms with the ratio of p95 to the floor, and how
many were answered "busy" (load shedding) or failed. Writes the table to .state/loadtest.txt. Exits 1 when the step of 100 users
misses its targets (target_missed).

The load client runs on the same machine as the server: its own CPU is part of what is measured.
It speaks to the production stack's front: nginx (Debian's, with the compose file's own
bexley_qa/deploy/nginx.conf.template) terminating TLS, compressing, serving /static/ and
answering "busy" at the edge, in front of gunicorn.
"""

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bexley_qa.settings")
PASSWORD = "collaborative-audit-demo"
PORT = 8765  # gunicorn, behind the proxy
PROXY_PORT = 8766  # nginx, TLS
PROXY_HTTP_PORT = 8767
DEPLOY = ROOT / "bexley_qa" / "deploy"
# The target (issue "Speed at a county's scale"): at 100 users, half of them autosaving, p95
# within 10x the floor, at least 100 requests a second, none answered busy and no errors.
TARGET_USERS, TARGET_RATIO, TARGET_REQUESTS_PER_SECOND = 100, 10, 100


def target_missed(ratio: float, per_second: float, busy: int, errors: int) -> str:
    """What the step at TARGET_USERS missed, in words; empty when every target is met."""
    missed = []
    if ratio > TARGET_RATIO:
        missed.append(f"p95 {ratio:.0f}x the floor (target {TARGET_RATIO}x)")
    if per_second < TARGET_REQUESTS_PER_SECOND:
        missed.append(f"{per_second:.0f} requests/s (target {TARGET_REQUESTS_PER_SECOND})")
    if busy or errors:
        missed.append(f"{busy} answered busy and {errors} errors (target none)")
    return "; ".join(missed)


# What a reader does, by weight: the pages people open most.
READS = [
    ("home", 5, lambda c: "/"),
    ("children list", 2, lambda c: "/children/"),
    ("audits list", 3, lambda c: "/audits/"),
    ("audit page", 3, lambda c: c["audit"] and f"/audits/{c['audit']}/"),
    ("dashboard", 2, lambda c: "/dashboard/"),
    ("analytics", 1, lambda c: "/dashboard/analytics/how-well/"),
    ("audit PDF", 0.3, lambda c: c["done"] and f"/audits/{c['done']}/audit.pdf"),
]


def prepare(scale: int, years: int, autosavers: int) -> dict:
    """Seed the database; an audit in progress for each autosaving auditor. Returns the names."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from audits import access, services
    from audits.models import AuditStatus
    from bexley_qa.people.models import Child, RoleCode, User

    settings.DEBUG = True  # seed_demo's own guard: this database is a throwaway one
    call_command("seed_demo", scale=scale, with_audits=True, history_years=years, verbosity=0)
    # The morning after the night's jobs: what the worker does after seeding and before the
    # working day (the figures read most counted, every team's dashboard charts drawn), done
    # here before the users arrive; the tasks seeding queued find nothing left to do.
    from bexley_qa.people.demo import after_seeding

    for task in after_seeding():
        task()
    support = User.objects.get(username="business.support")
    managers = list(
        User.objects.filter(role_grants__role=RoleCode.TEAM_MANAGER, is_active=True)
        .exclude(username="team.manager")
        .order_by("pk")[: autosavers * 3]
    )
    writers = []
    for manager in managers:
        if len(writers) == autosavers:
            break
        child = (
            Child.objects.filter(is_open=True, audits__isnull=True)
            .exclude(team__in=manager.managed_teams.all())
            .order_by("?")
            .first()
        )
        if child is None or access.auditor_problem(manager, child):
            continue
        audit = services.audit_allocate(actor=support, child=child, auditor=manager)
        writers.append((manager.username, audit.pk))
    # Readers: team managers, each with an audit of their team to open (and a done one's PDF).
    readers = {}
    for user in User.objects.filter(role_grants__role=RoleCode.TEAM_MANAGER).order_by("pk")[:200]:
        visible = access.audits_visible_to(user).order_by("-pk")
        readers[user.username] = {
            "audit": visible.values_list("pk", flat=True).first(),
            "done": visible.filter(status=AuditStatus.FOLLOWED_UP).values_list("pk", flat=True).first(),
        }  # fmt: skip
    return {"writers": writers, "readers": readers}


def new_session() -> requests.Session:
    """A browser of the load, trusting the certificate made for the run (and only it). The
    environment's settings are not read: REQUESTS_CA_BUNDLE would replace that certificate."""
    session = requests.Session()
    session.trust_env = False
    session.verify = CERTIFICATE["path"]
    return session


CERTIFICATE = {"path": True}


def start_proxy(folder: Path, static_root: Path, busy_after: int) -> subprocess.Popen:
    """nginx in front of gunicorn, configured by the compose file's template, with a
    self-signed certificate made for the run."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
         "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    folder.chmod(0o755)  # nginx's workers (user nobody) read the static files under it
    CERTIFICATE["path"] = str(cert)
    values = {
        "PROXY_UPSTREAM": f"127.0.0.1:{PORT}",
        "PROXY_HTTP_PORT": str(PROXY_HTTP_PORT),
        "PROXY_HTTPS_PORT": str(PROXY_PORT),
        "PROXY_HTTPS_REDIRECT_PORT": f":{PROXY_PORT}",
        "PROXY_TLS_CERT": str(cert),
        "PROXY_TLS_KEY": str(key),
        "PROXY_STATIC_ROOT": str(static_root),
        "PROXY_BUSY_AFTER": str(busy_after),
        "PROXY_PARAMS": str(DEPLOY / "proxy_params"),
    }
    server = (DEPLOY / "nginx.conf.template").read_text()
    server = re.sub(r"\$\{(PROXY_[A-Z_]+)\}", lambda m: values[m.group(1)], server)
    server = server.replace("access_log /dev/stdout no_query;", "access_log off;")
    (folder / "nginx.conf").write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\nworker_processes 1;\n"
        "events { worker_connections 4096; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f"{server}\n}}\n"
    )
    return subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        start_new_session=True,
    )


def sign_in(base: str, username: str, stop: threading.Event) -> requests.Session | None:
    """A signed-in session, trying again (as a person would) while the service says it is busy;
    None if the step ends first."""
    while not stop.is_set():
        session = new_session()
        try:
            page = session.get(f"{base}/sign-in/", timeout=60)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if token:
                response = session.post(
                    f"{base}/sign-in/",
                    data={"csrfmiddlewaretoken": token.group(1), "username": username,
                          "password": PASSWORD},
                    headers={"Referer": f"{base}/sign-in/"}, timeout=60,
                )  # fmt: skip
                if "Sign out" in response.text:
                    return session
        except requests.RequestException:
            pass
        stop.wait(2)
    return None


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.busy = defaultdict(int)
        self.errors = defaultdict(int)
        self.first_error: dict[str, str] = {}  # what went wrong, the first time, per page

    def record(self, name: str, started: float, response: requests.Response | None) -> None:
        with self.lock:
            if response is None or response.status_code >= 500 and response.status_code != 503:
                self.errors[name] += 1
                if response is not None:  # (an exception is noted by `timed`)
                    self.first_error.setdefault(name, f"HTTP {response.status_code}")
            elif response.status_code == 503:
                self.busy[name] += 1
            else:
                self.times[name].append((time.perf_counter() - started) * 1000)


def timed(recorder, name, call, *args, **kwargs):
    started = time.perf_counter()
    try:
        response = call(*args, **kwargs)
    except requests.RequestException as error:
        response = None
        recorder.first_error.setdefault(name, repr(error)[:300])
    recorder.record(name, started, response)
    return response


def reader(base, username, context, stop, recorder, rng):
    if (session := sign_in(base, username, stop)) is None:
        return
    own = context["readers"][username]
    pages = [(name, weight, path(own)) for name, weight, path in READS if path(own)]
    names, weights = [p[0] for p in pages], [p[1] for p in pages]
    paths = {p[0]: p[2] for p in pages}
    while not stop.is_set():
        name = rng.choices(names, weights)[0]
        timed(recorder, name, session.get, base + paths[name], timeout=60)
        stop.wait(rng.uniform(0.5, 2.0))  # reading the page


def writer(base, username, audit, stop, recorder, rng):
    """An auditor typing into a practice area: an autosave every second or two, as htmx sends."""
    url = f"{base}/audits/{audit}/areas/7/"
    while True:  # signed in, with the page open (trying again while the service is busy)
        if (session := sign_in(base, username, stop)) is None:
            return
        page = session.get(url, timeout=60).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        version = re.search(r'name="version" value="(\d+)"', page)
        if token and version:
            token, version = token.group(1), version.group(1)
            break
    words = "The plan is clear and the family understand it. "
    typed = ""
    while not stop.is_set():
        typed = (typed + words)[-1500:]
        response = timed(
            recorder, "autosave", session.post, url,
            data={"csrfmiddlewaretoken": token, "version": version, "worked_well": typed,
                  "score": "6"},
            headers={"HX-Request": "true", "Referer": url}, timeout=60,
        )  # fmt: skip
        if response is not None and (
            found := re.search(r'name="version" value="(\d+)"', response.text)
        ):
            version = found.group(1)
        stop.wait(rng.uniform(1.0, 2.0))


def floor(base, stop, recorder):
    session = new_session()
    while not stop.is_set():
        timed(recorder, "sign-in page", session.get, f"{base}/sign-in/", timeout=60)
        stop.wait(0.5)


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else float("nan")


def run_step(base, users, context, seconds) -> tuple[Recorder, float]:
    recorder, stop = Recorder(), threading.Event()
    writers = context["writers"][: users // 2]
    threads = [threading.Thread(target=floor, args=(base, stop, recorder), daemon=True)]
    for n, (username, audit) in enumerate(writers):
        threads.append(threading.Thread(target=writer, args=(base, username, audit, stop, recorder,
                                                             random.Random(n)), daemon=True))  # noqa: S311  # fmt: skip
    names = list(context["readers"])
    for n in range(users - len(writers)):
        username = names[n % len(names)]
        threads.append(threading.Thread(target=reader, args=(base, username, context, stop,
                                                             recorder, random.Random(1000 + n)),
                                        daemon=True))  # fmt: skip
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # users arrive over a few seconds, not in one instant
    time.sleep(5)  # signed in and settled: measure from here
    with recorder.lock:
        recorder.times.clear(), recorder.busy.clear(), recorder.errors.clear()
    started = time.perf_counter()
    time.sleep(seconds)
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join(timeout=70)
    return recorder, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 4)))
    parser.add_argument("--years", type=int, default=int(os.environ.get("YEARS", 10)))
    parser.add_argument("--steps", default=os.environ.get("STEPS", "20,50,100,200"))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("STEP_SECONDS", 30)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 5)))
    parser.add_argument("--out", default=str(ROOT / ".state" / "loadtest.txt"))
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/bexley_loadtest"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "bexley_loadtest"], check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "bexley_loadtest"], check=True)
    folder = Path(tempfile.mkdtemp(prefix="loadtest-"))
    static_root = folder / "static"
    # A Redis database of its own (emptied below): not the one `make test` uses.
    redis_url = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/13"
    env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": redis_url, "DEBUG": "False",
           "REQUIRE_TWO_FACTOR": "False",
           "SITE_URL": f"https://127.0.0.1:{PROXY_PORT}", "STATIC_MANIFEST": "True",
           "STATIC_ROOT": str(static_root), "SECURE_PROXY_SSL_HEADER": "True",
           "SESSION_COOKIE_SECURE": "True", "CSRF_COOKIE_SECURE": "True"}  # fmt: skip
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # fmt: skip
    for command in (["collectstatic", "--noinput", "-v0"], ["edge_pages"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # nothing cached or queued by an earlier run
    started = time.perf_counter()
    context = prepare(args.scale, args.years, autosavers=max(steps) // 2)
    print(f"Seeded scale {args.scale}, {args.years} years in {time.perf_counter() - started:.0f} s")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bexley_qa.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(args.workers), "--threads", "12", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    # The worker, as in the compose file: it counts kept figures again and draws their charts.
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bexley_qa", "worker", "--loglevel=WARNING"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    # As many requests in gunicorn's hands as its threads can hold; more are "busy" at the edge.
    proxy = start_proxy(folder, static_root, busy_after=args.workers * 12)
    base = f"https://127.0.0.1:{PROXY_PORT}"
    try:
        for _ in range(60):
            try:
                new_session().get(f"{base}/healthz", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        # What seeding queued (the audits' PDFs, the figures, the charts) done before the users
        # arrive, as the night's work is before the morning's.
        broker = redis.Redis.from_url(env["REDIS_URL"])
        for _ in range(600):
            if not broker.llen("celery"):
                break
            time.sleep(1)
        time.sleep(5)  # the tasks taken last, finished
        # The floor: the sign-in page with nobody else using the service.
        quiet = Recorder()
        session = new_session()
        for _ in range(200):
            timed(quiet, "floor", session.get, f"{base}/sign-in/", timeout=60)
        if not quiet.times["floor"]:
            raise SystemExit(f"The sign-in page did not answer: {quiet.first_error}")
        floor_p95 = percentile(quiet.times["floor"], 0.95)
        import platform

        lines, failed = (
            [
                f"Measured on {platform.node()}: {os.cpu_count()} cores, {platform.machine()}, "
                f"Python {platform.python_version()}; the load client on the same machine, "
                f"{time.strftime('%Y-%m-%d %H:%M')}",
                f"Floor: the sign-in page, unloaded: p50 {percentile(quiet.times['floor'], 0.5):.0f} ms, p95 {floor_p95:.0f} ms",
            ],
            False,
        )
        print("\n".join(lines), flush=True)
        for users in steps:
            recorder, elapsed = run_step(base, users, context, args.seconds)
            total = sum(len(v) for v in recorder.times.values()) + sum(recorder.busy.values())
            lines.append(f"\n{users} users ({len(context['writers'][: users // 2])} autosaving): "
                         f"{total / elapsed:.1f} requests/s")  # fmt: skip
            lines.append(f"{'page':<22}{'req/s':>7}{'p50':>8}{'p95':>8}{'p99':>8}{'p95/floor':>10}{'busy':>6}{'errors':>7}")  # fmt: skip
            every = [
                t for name, v in recorder.times.items() if name != "floor: sign-in page" for t in v
            ]
            for name in ["sign-in page", *[r[0] for r in READS], "autosave", "all pages"]:
                values = every if name == "all pages" else recorder.times.get(name, [])
                busy = (
                    sum(recorder.busy.values())
                    if name == "all pages"
                    else recorder.busy.get(name, 0)
                )
                errors = (
                    sum(recorder.errors.values())
                    if name == "all pages"
                    else recorder.errors.get(name, 0)
                )
                if not values and not busy:
                    continue
                p95 = percentile(values, 0.95)
                lines.append(
                    f"{name:<22}{len(values) / elapsed:>7.1f}{percentile(values, 0.5):>8.0f}"
                    f"{p95:>8.0f}{percentile(values, 0.99):>8.0f}{p95 / floor_p95:>10.1f}{busy:>6}{errors:>7}"
                )  # fmt: skip
                if users == TARGET_USERS and name == "all pages":
                    missed = target_missed(p95 / floor_p95, total / elapsed, busy, errors)
                    if missed:
                        failed = True
                        lines[-1] += f"  OVER TARGET: {missed}"
            for name, error in recorder.first_error.items():
                lines.append(f"  first error on {name}: {error}")
            print("\n".join(lines[-(len(READS) + 5) :]), flush=True)
        report = (
            "\n".join(lines)
            + f"\n\n{'FAILED: a target was missed' if failed else 'Every target met'}\n"
        )
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(report)
        print(f"\nWritten to {args.out}")
        return 1 if failed else 0
    finally:
        for process in (proxy, server, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
