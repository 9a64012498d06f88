"""Charts of month totals, this year against last year, as inline SVG.

Used by the web pages and the agenda pack PDF alike (DOMAIN.md: the one-page
summary has "a chart of month totals this year against last year"). Drawn
with matplotlib's object API (no pyplot, so no GUI backend and no global
figure state), greyscale-readable: line style and marker shape tell the
years apart, not colour.
"""
from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from html import escape

import matplotlib
from django.core.cache import caches

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

Number = int | float | Decimal | None

_RC = {
    # Fixed salt: element ids and the whole file are identical from run to run.
    "svg.hashsalt": "csp-portal",
    # Text as <text> in DejaVu Sans (installed with the renderer) rather than glyph paths:
    # a tenth of the SVG elements, so a report of hundreds of charts lays out in time,
    # and the labels stay selectable and searchable in the PDF.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8,
    "axes.edgecolor": "#505050",
    "axes.linewidth": 0.6,
}

_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>.*?</style>", re.S)
_STYLE_ATTR = re.compile(r' style="([^"]*)"')
# matplotlib's <style> sets these for every element; as root attributes they are inherited.
TITLE_WRAP_CHARS = 60
"""Longest title line, in characters: 9 pt text across the 4.6 inch figure."""
_ROOT_DEFAULTS = ' stroke-linejoin="round" stroke-linecap="butt"'


def _floats(values: Sequence[Number]) -> list[float]:
    # None is a gap: matplotlib breaks a line at NaN instead of drawing it to zero.
    return [math.nan if v is None else float(v) for v in values]


def _describe(labels: Sequence[str], values: Sequence[Number], name: str) -> str:
    parts = [
        f"{lab} {'not reported' if v is None else _num(v)}"
        for lab, v in zip(labels, values, strict=True)
    ]
    return f"{name}: " + ", ".join(parts) + "."


def _num(value: Number) -> str:
    d = Decimal(str(value))
    return str(int(d)) if d == d.to_integral_value() else str(d.normalize())


def _presentation_attributes(svg: str) -> str:
    """Turn ``style="fill: none; stroke: #000"`` into ``fill="none" stroke="#000"``.

    Inside an HTML document a ``<style>`` element or style attribute of an
    inline SVG is read as page CSS (the PDF renderer warns about every SVG
    property); presentation attributes mean the same and stay with the SVG.
    """

    def attrs(match: re.Match[str]) -> str:
        pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
        return "".join(f' {k.strip()}="{v.strip()}"' for k, v in pairs)

    return _STYLE_ATTR.sub(attrs, _STYLE_ELEMENT.sub("", svg))


def _prefix_ids(svg: str, prefix: str) -> str:
    # Several charts share one HTML page: give every id a per-chart prefix so none collide.
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}{m.group(1)}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)


CHART_CACHE = "charts"
# Bump when the drawing changes, so charts cached by an older release are not reused.
CHART_STYLE_VERSION = "1"
_drawn = 0


def charts_drawn() -> int:
    """How many charts this process has drawn (cache misses of ``monthly_chart_svg``)."""
    return _drawn


def chart_key(**figures) -> str:
    """The cache key of a chart: SHA-256 of its arguments (title, labels, figures, legend
    labels), the drawing's version and matplotlib's."""
    text = repr(sorted((k, repr(v)) for k, v in figures.items()))
    digest = hashlib.sha256(
        f"{CHART_STYLE_VERSION}|{matplotlib.__version__}|{text}".encode()
    ).hexdigest()
    return f"chart:{digest}"


def monthly_chart_svg(**figures) -> str:
    """``draw_monthly_chart_svg(**figures)``, drawn once per figures: the SVG is kept in the
    ``charts`` cache (settings.CACHES) under ``chart_key(**figures)``, for the web pages,
    the performance report and the agenda pack alike. Raises what drawing raises."""
    global _drawn
    cache = caches[CHART_CACHE]
    key = chart_key(**figures)
    svg = cache.get(key)
    if svg is None:
        svg = draw_monthly_chart_svg(**figures)
        _drawn += 1
        cache.set(key, svg, None)
    return svg


def draw_monthly_chart_svg(
    *,
    title: str,
    labels: Sequence[str],
    this_year: Sequence[Number],
    last_year: Sequence[Number],
    this_label: str,
    last_label: str,
    target: Number | Sequence[Number] = None,
    target_label: str = "Target",
    y_label: str = "",
) -> str:
    """Return an inline ``<svg>`` line chart of month figures, this year against last year.

    ``labels`` are the x-axis labels (e.g. "Apr" … "Mar"); ``this_year`` and
    ``last_year`` one figure per label, None for a month not reported (drawn
    as a gap, never as zero). ``target`` is a single figure (a level line) or
    one per label, drawn dotted. This year is solid black with circles, last
    year dashed grey with squares, so the chart reads in greyscale.

    The string has no XML prolog or doctype, so it can sit inside HTML; the
    ``<svg>`` has ``role="img"``, an ``aria-label``, a ``<title>`` and a
    ``<desc>`` listing every figure. Output is deterministic for the same
    input. Raises ValueError when a series' length differs from ``labels``'.
    """
    n = len(labels)
    if len(this_year) != n or len(last_year) != n:
        raise ValueError("this_year and last_year need one value per label")
    targets: list[Number] | None = None
    if target is not None:
        if isinstance(target, (int, float, Decimal)):
            targets = [target] * n
        else:
            targets = list(target)
            if len(targets) != n:
                raise ValueError("target needs one value per label")

    with matplotlib.rc_context(_RC):
        # Printed at about two thirds of an A4 column: a narrow figure keeps its
        # 8pt text near 8pt on paper instead of shrinking it.
        fig = Figure(figsize=(4.6, 2.15), dpi=72)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        xs = list(range(n))
        ax.plot(
            xs, _floats(last_year), linestyle=(0, (5, 3)), color="#707070", linewidth=1.4,
            marker="s", markersize=4, label=last_label, gid="last-year",
        )
        ax.plot(
            xs, _floats(this_year), linestyle="-", color="#000000", linewidth=1.8,
            marker="o", markersize=4.5, label=this_label, gid="this-year",
        )
        if targets is not None:
            ax.plot(
                xs, _floats(targets), linestyle=(0, (1, 2)), color="#303030", linewidth=1.4,
                label=target_label, gid="target",
            )
        ax.set_xticks(xs, list(labels))
        ax.set_ylim(bottom=0)
        # A long indicator name wraps rather than running off the figure's edge.
        ax.set_title(textwrap.fill(title, TITLE_WRAP_CHARS), fontsize=9, loc="left")
        if y_label:
            ax.set_ylabel(y_label)
        ax.grid(axis="y", color="#d0d0d0", linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(
            frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12),
            ncol=3,
        )
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = _presentation_attributes(_METADATA.sub("", _PROLOG.sub("", svg)).strip())

    desc = " ".join(
        [_describe(labels, this_year, this_label), _describe(labels, last_year, last_label)]
        + ([_describe(labels, targets, target_label)] if targets is not None else [])
    )
    alt = f"{title}: line chart of {this_label} against {last_label} by month."
    digest = hashlib.sha1(f"{title}|{desc}".encode()).hexdigest()[:8]
    prefix = f"chart-{digest}-"
    svg = _prefix_ids(svg, prefix)
    match = _SVG_OPEN.search(svg)
    if match is None:  # pragma: no cover - matplotlib always writes an <svg> element
        raise RuntimeError("matplotlib produced no <svg> element")
    opening = match.group(0)[:-1].rstrip("/")
    opening += (
        f'{_ROOT_DEFAULTS} role="img" aria-label="{escape(alt, quote=True)}" '
        f'aria-describedby="{prefix}desc" class="chart">'
    )
    head = (
        f'<title id="{prefix}title">{escape(alt, quote=False)}</title>'
        f'<desc id="{prefix}desc">{escape(desc, quote=False)}</desc>'
    )
    return svg[: match.start()] + opening + head + svg[match.end():]
