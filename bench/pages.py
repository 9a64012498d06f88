"""Pages at scale: the action log with 50,000 actions on PostgreSQL behind gunicorn.

    .venv/bin/python bench/pages.py [--seconds 6] [--rounds 2] [--json]
    (or through bench/run.py, which calls ``measures()``)

Seeds (once; reused while it holds the same rows) a PostgreSQL database
``csp_bench`` (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/csp_bench)
with a board of 600 meetings and 48,000 actions and two subgroups of 1,000 each,
serves it with gunicorn (2 sync workers, DEBUG off), and measures:

- the chair's action log (open actions, first page): p50 of sequential requests;
- its requests per second against the Django admin changelist of the same rows
  (the board's open actions) at 1, 5 and 20 concurrent clients, interleaved, the
  median over ``--rounds`` (a thread per client, each request on a new connection);
- the CSV and XLSX export of all 50,000 actions: seconds for the whole body, and
  the peak RSS of the gunicorn worker serving it (sampled from /proc every 20 ms).

Not a test: figures depend on the machine. Prints the table; ``--json`` prints
the rows as JSON instead (bench/run.py collects them).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csp_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BOARD_SLUG = "bench-csp"
MAIN_ACTIONS, SUBGROUP_ACTIONS, SUBGROUPS, MEETINGS = 48_000, 1_000, 2, 600
TOTAL_ACTIONS = MAIN_ACTIONS + SUBGROUP_ACTIONS * SUBGROUPS
# A large partnership's KPIs: 500 indicators with two years of monthly returns; the bench
# chair leads 300 open actions.
INDICATORS, MY_ACTIONS = 500, 300
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": "bench-only-secret-key",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_MANIFEST": "0",
    "CELERY_BROKER_URL": "",
}


def _setup_django() -> None:
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _create_database() -> None:
    import psycopg2

    base, name = DATABASE_URL.rsplit("/", 1)
    connection = psycopg2.connect(base + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def seed() -> dict[str, object]:
    """Migrate csp_bench and fill it (unless it already holds the bench rows).

    Returns {"board_id", "session"}: the main board's pk and a signed-in session key of
    a staff user who chairs the board (so the log and the admin see the same rows).
    """
    _create_database()
    _setup_django()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from actions.models import Action
    from boards.models import Board, BoardKind, Meeting, Membership, Organisation, Person
    from indicators.models import Indicator, IndicatorReturn

    User = get_user_model()
    call_command("migrate", verbosity=0, interactive=False)
    board = Board.objects.filter(slug=BOARD_SLUG).first()
    if board is None or Action.objects.filter(
        board__in=Board.objects.filter(slug__startswith=BOARD_SLUG)
    ).count() != TOTAL_ACTIONS:
        with transaction.atomic():
            Indicator.objects.filter(board__slug__startswith=BOARD_SLUG).delete()
            Action.objects.filter(board__slug__startswith=BOARD_SLUG).delete()
            Meeting.objects.filter(board__slug__startswith=BOARD_SLUG).delete()
            Board.objects.filter(slug__startswith=BOARD_SLUG, parent__isnull=False).delete()
            Board.objects.filter(slug=BOARD_SLUG).delete()
            board = _seed_rows(dt, timezone, Action, Board, BoardKind, Meeting, Organisation,
                               Person)
    user = User.objects.filter(username="bench-chair").first()
    if user is None:
        user = User.objects.create_user("bench-chair", password=None, is_staff=True,
                                         is_superuser=True)
        person = Person.objects.create(name="Bench Chair", user=user)
        Membership.objects.create(board=board, person=person, role=Membership.Role.CHAIR)
    if Indicator.objects.filter(board=board).count() != INDICATORS:
        with transaction.atomic():
            Indicator.objects.filter(board=board).delete()
            _seed_indicators(dt, board, Indicator, IndicatorReturn)
    _seed_my_actions(Action, board, user.person)
    # Statistics and visibility maps, as autovacuum keeps them on a log that grew over years
    # (index-only scans for the counts need the latter).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    client = Client()
    client.force_login(user)
    return {"board_id": board.pk, "session": client.cookies["sessionid"].value}


def _seed_indicators(dt, board, Indicator, IndicatorReturn) -> None:
    """INDICATORS indicators of ``board``, owned by its subgroups, each with approved
    monthly returns for the 24 months April 2016 to March 2018."""
    rng = random.Random(2016)
    subgroups = list(board.children.all()) or [board]
    indicators = Indicator.objects.bulk_create(
        Indicator(board=board, owning_subgroup=subgroups[i % len(subgroups)],
                  reference=f"{i + 1}", position=i + 1, name=f"Bench indicator {i + 1}",
                  target_type=Indicator.TargetType.REDUCTION, unit_label="offences")
        for i in range(INDICATORS)
    )
    periods = [dt.date(2016 + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(24)]
    IndicatorReturn.objects.bulk_create(
        (IndicatorReturn(indicator=indicator, period=period, value=rng.randint(20, 400),
                         status=IndicatorReturn.Status.APPROVED)
         for indicator in indicators for period in periods),
        batch_size=5000,
    )


def _seed_my_actions(Action, board, person) -> None:
    """The bench chair leads MY_ACTIONS of the board's open actions (My actions)."""
    if Action.lead_people.through.objects.filter(person=person).count() == MY_ACTIONS:
        return
    Action.lead_people.through.objects.filter(person=person).delete()
    ids = Action.objects.filter(board=board, status="open").order_by("pk").values_list(
        "pk", flat=True)[:MY_ACTIONS]
    Action.lead_people.through.objects.bulk_create(
        Action.lead_people.through(action_id=pk, person_id=person.pk) for pk in ids
    )


def _seed_rows(dt, timezone, Action, Board, BoardKind, Meeting, Organisation, Person):
    rng = random.Random(2018)
    board = Board.objects.create(
        name="Bench Community Safety Partnership", slug=BOARD_SLUG,
        kind=BoardKind.objects.get(slug="partnership_board"),
    )
    subgroups = [
        Board.objects.create(name=f"Bench subgroup {i}", slug=f"{BOARD_SLUG}-sg-{i}",
                             parent=board, kind=BoardKind.objects.get(slug="subgroup"))
        for i in range(SUBGROUPS)
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench organisation {i}") for i in range(30)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Lead {i:03d} {rng.choice(['Smith', 'Khan', 'Jones', 'Patel'])}",
               organisation=rng.choice(organisations))
        for i in range(300)
    )
    first = timezone.make_aware(dt.datetime(2000, 1, 12, 10, 0))
    meetings = {
        b.pk: Meeting.objects.bulk_create(
            Meeting(board=b, start=first + dt.timedelta(days=14 * i),
                    status=Meeting.Status.MINUTES_CONFIRMED)
            for i in range(MEETINGS if b == board else 20)
        )
        for b in [board, *subgroups]
    }
    words = ("review", "report", "knife crime", "ASB hotspots", "funding", "data sharing",
             "victims", "reoffending", "CCTV", "licensing", "youth offending", "prevent")
    actions = []
    for b, count in [(board, MAIN_ACTIONS), *[(s, SUBGROUP_ACTIONS) for s in subgroups]]:
        for number in range(1, count + 1):
            meeting = rng.choice(meetings[b.pk])
            open_ = rng.random() < 0.7
            target = meeting.start.date() + dt.timedelta(days=rng.randint(14, 400))
            actions.append(Action(
                board=b, number=number, raised_at=meeting,
                description=f"Partners to {rng.choice(words)} and {rng.choice(words)}: "
                            f"action {number}, with a plan to the board.",
                target_date=target, rag_status=rng.choice("RAG"),
                status="open" if open_ else "closed",
                closed_on=None if open_ else target,
                comments=f"Update: {rng.choice(words)} discussed.\nNext step agreed.",
                lead_body=rng.choice(["", "", "", "YOS management board"]),
            ))
    actions = Action.objects.bulk_create(actions, batch_size=5000)
    people_links = Action.lead_people.through
    organisation_links = Action.lead_organisations.through
    people_links.objects.bulk_create(
        (people_links(action_id=a.pk, person_id=p.pk)
         for a in actions for p in rng.sample(people, rng.choice([1, 1, 2]))),
        batch_size=10000,
    )
    organisation_links.objects.bulk_create(
        (organisation_links(action_id=a.pk, organisation_id=rng.choice(organisations).pk)
         for a in actions if rng.random() < 0.3),
        batch_size=10000,
    )
    return board


# --- Serving and loading --------------------------------------------------------------------


def _serve() -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "csp_portal.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{PORT}", "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _workers(server: subprocess.Popen) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.pid:
                pids.append(int(entry.name))
    return pids


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _get(path: str, session: str) -> bytes:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        return response.read()


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes ``pids`` have used (from /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _p50_ms(path: str, session: str, server: subprocess.Popen, n: int = 40
            ) -> tuple[float, float]:
    """(p50 wall ms, mean worker CPU ms) of ``n`` sequential requests. The CPU figure
    does not grow when other processes share the machine; the wall time does."""
    _get(path, session)
    workers = _workers(server)
    cpu = _cpu_seconds(workers)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        _get(path, session)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), (_cpu_seconds(workers) - cpu) * 1000 / n


def _rps(path: str, session: str, clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        while time.perf_counter() < stop:
            _get(path, session)
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start)


def _export(path: str, session: str, server: subprocess.Popen
            ) -> tuple[float, float, int, float]:
    """(seconds, peak worker RSS in MB, bytes, worker RSS before in MB) for one export."""
    workers = _workers(server)
    before = max(_rss_mb(p) for p in workers)
    peak = [before]
    running = [True]

    def sample() -> None:
        while running[0]:
            peak[0] = max(peak[0], *(_rss_mb(p) for p in workers))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    try:
        body = _get(path, session)
    finally:
        seconds = time.perf_counter() - start
        running[0] = False
        sampler.join()
    return seconds, peak[0], len(body), before


def _row(measure: str, value: str, goal: str, met: bool) -> dict[str, object]:
    return {"measure": measure, "value": value, "goal": goal, "met": met}


def _other_pages(session: str, server: subprocess.Popen) -> list[dict[str, object]]:
    """p50 at 1 client of My actions, the return grid and the performance dashboard."""
    pages = [
        (f"My actions, {MY_ACTIONS} open actions led", "/my-actions/"),
        (f"return grid, one of {INDICATORS} indicators, 2017/18",
         f"/boards/{BOARD_SLUG}/indicators/250/returns/2017/"),
        (f"performance dashboard, {INDICATORS} indicators × 24 months",
         f"/boards/{BOARD_SLUG}/performance/"),
        (f"performance dashboard by plan priority, {INDICATORS} indicators",
         f"/boards/{BOARD_SLUG}/performance/?group=priority&as_at=2017-09"),
    ]
    rows = []
    for measure, path in pages:
        p50, cpu = _p50_ms(path, session, server, 15)
        rows.append(_row(f"{measure}, p50 at 1 client",
                         f"{p50:.0f} ms (worker CPU {cpu:.0f} ms)", "≤ 100 ms", p50 <= 100))
    return rows


def run(seconds: float = 6.0, rounds: int = 2, pages_only: bool = False
        ) -> list[dict[str, object]]:
    """Seed, serve and measure; the rows bench/run.py prints (measure, value, goal, met)."""
    seeded = seed()
    session, board_id = seeded["session"], seeded["board_id"]
    log = f"/boards/{BOARD_SLUG}/actions/"
    admin = f"/admin/actions/action/?board__id__exact={board_id}&status__exact=open"
    server = _serve()
    rows = []
    try:
        load = os.getloadavg()[0]
        p50, cpu = _p50_ms(log, session, server)
        rows.append(_row("action log, 50,000 actions, p50 at 1 client",
                         f"{p50:.0f} ms (worker CPU {cpu:.0f} ms; load average {load:.1f})",
                         "≤ 100 ms", p50 <= 100))
        deep, cpu = _p50_ms(log + "?status=&sort=-target_date&page=900", session, server, 15)
        rows.append(_row("action log, page 900 sorted by target date, p50",
                         f"{deep:.0f} ms (worker CPU {cpu:.0f} ms)", "≤ 100 ms", deep <= 100))
        rows += _other_pages(session, server)
        if pages_only:
            return rows
        admin_p50, cpu = _p50_ms(admin, session, server, 15)
        rows.append(_row("admin changelist, same rows, p50 (for comparison)",
                         f"{admin_p50:.0f} ms (worker CPU {cpu:.0f} ms)", "—", True))
        for clients in (1, 5, 20):
            ratios, log_rates, admin_rates = [], [], []
            for _ in range(rounds):
                log_rates.append(_rps(log, session, clients, seconds))
                admin_rates.append(_rps(admin, session, clients, seconds))
                ratios.append(log_rates[-1] / admin_rates[-1])
            ratio = statistics.median(ratios)
            rows.append(_row(
                f"action log req/s ÷ admin changelist req/s, {clients} client"
                f"{'s' if clients > 1 else ''}",
                f"{ratio:.2f} ({statistics.median(log_rates):.1f} / "
                f"{statistics.median(admin_rates):.1f})",
                "≥ 2.0", ratio >= 2.0,
            ))
        everything = log + "?status=&subgroups=include&_export="
        for fmt, goal_s in (("csv", 2.0), ("xlsx", 10.0)):
            try:
                results = [_export(everything + fmt, session, server) for _ in range(rounds)]
            except OSError as exc:  # the worker was killed at gunicorn's 30 s timeout
                rows.append(_row(f"{fmt.upper()} export of 50,000 actions: seconds, worker "
                                 "peak RSS", f"failed: {exc}", f"≤ {goal_s:.0f} s; ≤ 150 MB",
                                 False))
                continue
            secs = min(r[0] for r in results)
            peak = max(r[1] for r in results)
            rows.append(_row(
                f"{fmt.upper()} export of 50,000 actions: seconds, worker peak RSS",
                f"{secs:.2f} s, {peak:.0f} MB (worker {results[0][3]:.0f} MB before; "
                f"{results[0][2] / 1e6:.1f} MB file)",
                f"≤ {goal_s:.0f} s; ≤ 150 MB", secs <= goal_s and peak <= 150,
            ))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def measures(rounds: int = 2) -> list[dict[str, object]]:
    """bench/run.py's interface: run this module in its own process (it needs PostgreSQL
    settings of its own) for ``rounds`` rounds and return its rows."""
    output = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--json", "--rounds", str(rounds)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds per load level")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the p50 of the action log and the other pages")
    args = parser.parse_args()
    if args.seed_only:
        print(json.dumps(seed()))
        return
    rows = run(args.seconds, args.rounds, pages_only=args.pages_only)
    if args.json:
        print(json.dumps(rows))
        return
    for row in rows:
        print(f"{row['measure']:<75} {row['value']:<32} {row['goal']:<18} "
              f"{'met' if row['met'] else 'MISSED'}")


if __name__ == "__main__":
    main()
