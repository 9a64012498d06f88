"""Run every benchmark module and print one table (``make bench``).

    .venv/bin/python bench/run.py [--only packs pages] [--rounds 3]

Each module listed in ``MODULES`` (a file ``bench/<name>.py``) exposes
``measures(rounds: int) -> list[dict]``; each dict has ``measure`` (what is
measured, as the README's table names it), ``value`` (text as printed, e.g.
"0.42 (min 0.40)"), ``goal`` (text, e.g. "≤ 1.0") and ``met`` (True, False, or
None when there is no verdict). A module that raises is reported as one row
saying so; the others still run. The rows are printed as one table and written
as JSON to ``var/bench/<UTC timestamp>.json`` (and ``var/bench/latest.json``) so
a later run can be compared. Not a test: no figure here fails the build.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Module names under bench/, run in this order.
MODULES = ["packs", "pages"]


def _load(name: str):
    try:
        return importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bench.{name}":
            return None
        raise


def collect(names: list[str], *, rounds: int) -> list[dict]:
    """Rows of every module in ``names`` (missing modules are skipped)."""
    rows: list[dict] = []
    for name in names:
        module = _load(name)
        if module is None:
            continue
        try:
            found = module.measures(rounds=rounds)
        except Exception as exc:  # one module's failure must not hide the others' figures
            traceback.print_exc()
            found = [{"measure": f"{name}: benchmark failed", "value": repr(exc)[:80],
                      "goal": "", "met": False}]
        for row in found:
            rows.append({"module": name, **row})
    return rows


def verdict(met) -> str:
    """"yes", "NO" or "–" for a row's ``met``."""
    return "–" if met is None else ("yes" if met else "NO")


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table (measure | value | goal | met)."""
    lines = ["| measure | value | goal | met |", "| --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {row['measure']} | {row['value']} | {row['goal']} | "
                     f"{verdict(row['met'])} |")
    return "\n".join(lines)


def write_json(rows: list[dict], *, out_dir: Path) -> Path:
    """Write ``rows`` with a timestamp to ``out_dir``; returns the file written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    data = json.dumps({"at": now.isoformat(), "rows": rows}, indent=2, default=str)
    path = out_dir / f"{now:%Y%m%dT%H%M%SZ}.json"
    path.write_text(data)
    (out_dir / "latest.json").write_text(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=MODULES, help="Modules to run.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds per measure.")
    args = parser.parse_args()
    rows = collect(args.only, rounds=args.rounds)
    print(table(rows))
    path = write_json(rows, out_dir=ROOT / "var" / "bench")
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
