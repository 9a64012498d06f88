"""``make bench``: run every registered benchmark and print one table of its measures.

    .venv/bin/python bench/run.py [module ...]      (default: every module in MODULES)

Each module in MODULES exposes ``measures()`` returning rows of
``{"measure": str, "value": str, "goal": str, "met": bool}``. The rows are printed
as one table (Markdown, so the README can quote it) and written as JSON to
``var/bench/<UTC time>.json`` and ``var/bench/latest.json``, so a later run can be
compared. A module not present in this checkout is skipped with a note.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODULES = ("bench.packs", "bench.pages")


def collect(modules: tuple[str, ...] = MODULES) -> list[dict[str, object]]:
    """The rows of every module's ``measures()``, each with its module's name."""
    rows = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            print(f"({name} is not in this checkout: skipped)", file=sys.stderr)
            continue
        rows += [{"module": name, **row} for row in module.measures()]
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """``rows`` as a Markdown table: measure, value, goal, met."""
    lines = ["| measure | value | goal | met |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {r['measure']} | {r['value']} | {r['goal']} | {'yes' if r['met'] else 'no'} |"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    modules = tuple(sys.argv[1:]) or MODULES
    rows = collect(modules)
    print(table(rows))
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    document = json.dumps({"at": stamp, "rows": rows}, indent=2)
    (out / f"{stamp}.json").write_text(document)
    (out / "latest.json").write_text(document)


if __name__ == "__main__":
    main()
