"""indicators.report.charts.monthly_chart_svg: inline, accessible, greyscale, deterministic SVG."""
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from indicators.report.charts import charts_drawn, monthly_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
THIS_YEAR = [133, 159, None, 128, 113, 106, 145, 115, 144, 0, None, None]
LAST_YEAR = [89, 119, 110, 87, 87, 94, 101, 97, 119, 143, 171, 137]


def chart(**kw) -> str:
    args = dict(
        title="Burglary: month totals", labels=MONTHS, this_year=THIS_YEAR,
        last_year=LAST_YEAR, this_label="2017/18", last_label="2016/17",
    )
    args.update(kw)
    return monthly_chart_svg(**args)


def group(root: ET.Element, suffix: str) -> ET.Element | None:
    for g in root.iter(f"{SVG}g"):
        if g.get("id", "").endswith(f"-{suffix}"):
            return g
    return None


def line_path(g: ET.Element) -> str:
    return next(p.get("d") for p in g.findall(f"{SVG}path"))


def test_is_valid_inline_svg_with_a_text_alternative():
    svg = chart()
    assert svg.startswith("<svg") and "<?xml" not in svg and "DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "Burglary: month totals" in root.get("aria-label")
    title = root.find(f"{SVG}title")
    assert title is not None and "Burglary: month totals" in title.text
    desc = root.find(f"{SVG}desc")
    assert "Jun not reported" in desc.text and "Apr 133" in desc.text
    assert root.get("aria-describedby") == desc.get("id")


def test_missing_months_are_gaps_not_zeros():
    root = ET.fromstring(chart())
    this_year = group(root, "this-year")
    # Apr–May, then Jul–Jan: two separate runs, June skipped and nothing after January.
    assert line_path(this_year).count("M") == 2
    markers = this_year.findall(f"{SVG}g/{SVG}use")
    assert len(markers) == sum(v is not None for v in THIS_YEAR)
    last_year = group(root, "last-year")
    assert line_path(last_year).count("M") == 1
    assert len(last_year.findall(f"{SVG}g/{SVG}use")) == 12


def test_a_zero_is_drawn_at_zero():
    root = ET.fromstring(chart())
    markers = group(root, "this-year").findall(f"{SVG}g/{SVG}use")
    ys = [float(m.get("y")) for m in markers]
    # January's 0 sits lowest on the page (largest y), at the bottom of the axis.
    assert max(ys) == ys[-1]


def test_greyscale_styles_tell_the_years_apart():
    root = ET.fromstring(chart(target=Decimal("100")))
    this_path = group(root, "this-year").find(f"{SVG}path")
    last_path = group(root, "last-year").find(f"{SVG}path")
    target_path = group(root, "target").find(f"{SVG}path")
    assert this_path.get("stroke") == "#000000" and this_path.get("stroke-dasharray") is None
    assert last_path.get("stroke-dasharray") and last_path.get("stroke") != "#000000"
    assert target_path.get("stroke-dasharray")
    # Markers: circles (curves) this year, squares (straight edges) last year.
    defs = {p.get("id"): p.get("d") for p in root.iter(f"{SVG}path") if p.get("id")}
    this_marker = group(root, "this-year").find(f"{SVG}g/{SVG}use").get(XLINK_HREF)[1:]
    last_marker = group(root, "last-year").find(f"{SVG}g/{SVG}use").get(XLINK_HREF)[1:]
    assert "C" in defs[this_marker] and "C" not in defs[last_marker]


def test_no_target_line_unless_asked():
    root = ET.fromstring(chart())
    assert group(root, "target") is None
    per_month = ET.fromstring(chart(target=[None] * 6 + [100] * 6))
    assert line_path(group(per_month, "target")).count("M") == 1


def test_output_is_deterministic():
    assert chart() == chart()


def test_two_charts_on_one_page_share_no_ids():
    first, second = chart(), chart(title="Gun crime: month totals")
    ids_first = set(re.findall(r'\bid="([^"]+)"', first))
    ids_second = set(re.findall(r'\bid="([^"]+)"', second))
    assert ids_first and not ids_first & ids_second
    # every reference points at an id of its own chart
    refs = set(re.findall(r'href="#([^"]+)"', first)) | set(re.findall(r"url\(#([^)]+)\)", first))
    assert refs <= ids_first


def test_no_css_leaks_into_the_host_page():
    svg = chart()
    assert "<style" not in svg and ' style="' not in svg


def test_title_is_escaped():
    svg = chart(title='Knife & "gun" <crime>')
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text.startswith('Knife & "gun" <crime>')


def test_series_must_match_the_labels():
    with pytest.raises(ValueError):
        chart(this_year=[1, 2, 3])
    with pytest.raises(ValueError):
        chart(target=[1, 2])


@pytest.mark.django_db
def test_report_chart_draws_a_ceiling_as_its_monthly_share():
    import datetime as dt

    from indicators.models import Indicator, PerformanceReport
    from indicators.report.context import performance_report_context
    from tests.factories import IndicatorFactory, IndicatorReturnFactory

    arson = IndicatorFactory(
        name="Arson", target_type=Indicator.TargetType.CEILING, target_value=Decimal("120"),
        unit_label="incidents",
    )
    for month in (4, 5, 6):
        IndicatorReturnFactory(indicator=arson, period=dt.date(2017, month, 1), value=9)
    report = PerformanceReport(board=arson.board, as_at=dt.date(2017, 6, 1), title="Report")
    [item] = performance_report_context(report=report)["summaries"]
    svg = str(item["summary"]["chart_svg"])
    root = ET.fromstring(svg)
    assert group(root, "target") is not None  # drawn dotted, apart from the two years
    desc = root.find(f"{SVG}desc").text
    assert "Monthly share of the ceiling (10): Apr 10" in desc
    assert "2017/18: Apr 9, May 9, Jun 9, Jul not reported" in desc
    assert [row["this_year"] for row in item["summary"]["months"][:4]] == ["9", "9", "9", ""]


def test_a_long_title_wraps_inside_the_figure():
    long = ("Encourage more victims of domestic abuse to come forward and reduce the number of "
            "repeat victims: month totals")
    root = ET.fromstring(chart(title=long))
    width = float(root.get("width").removesuffix("pt"))
    texts = [t for t in root.iter(f"{SVG}text") if t.text and t.text.strip()]
    lines = [t for t in texts if any(w in t.text for w in ("Encourage", "repeat victims"))]
    assert len(lines) >= 2  # wrapped onto more than one line
    # No title line is longer than fits: 9 pt text averages under 5.5 pt a character.
    assert all(len(t.text) * 5.5 < width for t in lines), [t.text for t in lines]
    assert " ".join(" ".join(t.text.split()) for t in lines).startswith("Encourage more victims")


def test_a_chart_is_drawn_once_per_figures():
    from django.core.cache import caches

    caches["charts"].clear()
    before = charts_drawn()
    first = chart(title="Robbery: month totals")
    assert chart(title="Robbery: month totals") == first
    assert charts_drawn() == before + 1
    # Other figures are another chart.
    other = chart(title="Robbery: month totals", this_year=[1] * 12)
    assert other != first and charts_drawn() == before + 2
