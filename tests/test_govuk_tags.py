"""The GOV.UK component template tags (csp_portal/templatetags/govuk.py)."""
import datetime as dt

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from csp_portal.templatetags.govuk import govuk_time, rag_text_and_class


def render(source: str, **context) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "text", "css"),
    [
        ("R", "Red", "govuk-tag--red"),
        ("A", "Amber", "govuk-tag--yellow"),
        ("G", "Green", "govuk-tag--green"),
        ("X", "Grey", "govuk-tag--grey"),
        ("amber", "Amber", "govuk-tag--yellow"),
        ("Green", "Green", "govuk-tag--green"),
    ],
)
def test_rag_tag_says_its_colour_in_words(value, text, css):
    html = render("{% govuk_rag_tag value %}", value=value)
    assert f'<strong class="govuk-tag {css}">{text}</strong>' in html


def test_rag_tag_for_no_rating_is_grey_and_says_so():
    assert rag_text_and_class("") == ("Not rated", "govuk-tag--grey")
    assert "Not rated" in render("{% govuk_rag_tag value %}", value=None)


def test_rag_tag_refuses_an_unknown_value():
    with pytest.raises(ValueError, match="Unknown RAG"):
        rag_text_and_class("B")


def test_status_tag_colours_and_default():
    assert '<strong class="govuk-tag govuk-tag--green">Held</strong>' in render(
        '{% govuk_status_tag "Held" "green" %}'
    )
    assert '<strong class="govuk-tag">Open</strong>' in render('{% govuk_status_tag "Open" %}')
    blue = render('{% govuk_status_tag "Open" "blue" %}')
    assert '<strong class="govuk-tag">Open</strong>' in blue


def test_status_tag_refuses_an_unknown_colour():
    with pytest.raises(ValueError, match="colour"):
        render('{% govuk_status_tag "Open" "tartan" %}')


def test_status_tag_escapes_its_text():
    assert "&lt;b&gt;" in render("{% govuk_status_tag text %}", text="<b>")


def test_summary_list_keeps_order_leaves_out_empty_rows_and_escapes():
    rows = [
        ("Venue", "Town Hall <b>"), ("Publication date", ""), ("Chair", None), ("Time", "10am")
    ]
    html = render("{% govuk_summary_list rows %}", rows=rows)
    assert html.count('class="govuk-summary-list__row"') == 2
    assert html.index("Venue") < html.index("Time")
    assert "Town Hall &lt;b&gt;" in html
    assert "Publication date" not in html and "Chair" not in html


def test_summary_list_keeps_safe_html():
    html = render("{% govuk_summary_list rows %}", rows=[("Link", mark_safe('<a href="/x">x</a>'))])
    assert '<a href="/x">x</a>' in html


def test_rows_pairs_keys_and_values_for_the_summary_list():
    source = '{% rows "Venue" venue "Chair" "" as r %}{% govuk_summary_list r %}'
    html = render(source, venue="Hall")
    assert "Hall" in html and "Chair" not in html


def test_rows_and_crumbs_refuse_odd_arguments():
    with pytest.raises(ValueError):
        render('{% rows "Venue" as r %}')
    with pytest.raises(ValueError):
        render('{% crumbs "Boards" as t %}')


def test_back_link():
    html = render('{% govuk_back_link "/boards/" %}')
    assert '<a href="/boards/" class="govuk-back-link">Back</a>' in html


def test_notification_banner_important_and_success():
    html = render('{% govuk_notification_banner "Pack failed" title="Problem" title_id="b1" %}')
    assert 'role="region"' in html and 'aria-labelledby="b1"' in html and 'id="b1"' in html
    assert "Problem" in html and "Pack failed" in html
    assert "govuk-notification-banner--success" not in html
    success = render('{% govuk_notification_banner "Saved" kind="success" %}')
    assert "govuk-notification-banner--success" in success and 'role="alert"' in success


def test_notification_banner_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        render('{% govuk_notification_banner "x" kind="error" %}')


def test_breadcrumbs_link_all_but_the_current_page():
    html = render(
        '{% crumbs "Boards" "/" "CSP board" "/boards/bd-csp/" "28 March 2018" "" as t %}'
        "{% govuk_breadcrumbs t %}"
    )
    assert '<a class="govuk-breadcrumbs__link" href="/">Boards</a>' in html
    assert '<a class="govuk-breadcrumbs__link" href="/boards/bd-csp/">CSP board</a>' in html
    assert 'aria-current="page">28 March 2018</li>' in html
    assert html.count("govuk-breadcrumbs__link") == 2


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(10, 0), "10am"),
        (dt.time(17, 30), "5:30pm"),
        (dt.time(12, 0), "midday"),
        (dt.time(0, 0), "midnight"),
        (dt.time(0, 15), "12:15am"),
        (None, ""),
    ],
)
def test_govuk_time(value, text):
    assert govuk_time(value) == text


def test_govuk_time_shows_aware_datetimes_in_london_time():
    # 09:00 UTC in British Summer Time is 10am in London.
    assert govuk_time(dt.datetime(2018, 6, 1, 9, 0, tzinfo=dt.UTC)) == "10am"


def test_notification_banner_with_a_heading_puts_the_content_below_it():
    html = render('{% govuk_notification_banner "Paper 8 is empty." heading="Pack failed" %}')
    assert '<p class="govuk-notification-banner__heading">Pack failed</p>' in html
    assert '<p class="govuk-body">Paper 8 is empty.</p>' in html


def test_built_assets_carry_no_gov_uk_font_or_remote_reference():
    """static/ is built by frontend/build.sh: system fonts, no @font-face, nothing remote."""
    import re
    from pathlib import Path

    from django.conf import settings

    files = [p for p in Path(settings.BASE_DIR, "static").rglob("*") if p.is_file()]
    assert any(p.name == "govuk-frontend.min.css" for p in files)
    for path in files:
        if path.suffix not in {".css", ".js", ".svg", ".html"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert "GDS Transport" not in text, path
        assert "@font-face" not in text, path
        assert "sourceMappingURL" not in text, path
        for url in re.findall(r"url\(([^)]*)\)", text):
            assert url.strip("'\"").startswith("/static/"), (path, url)
        # The only "http" GOV.UK Frontend's stylesheet may hold is its print rule's selector.
        rest = re.sub(r'\[href\^="https?://"\]', "", text)
        assert not re.search(r"https?://", rest), path


def test_table_escapes_plain_cells_and_keeps_safe_ones():
    html = render(
        "{% govuk_table head=head rows=rows %}",
        head=["Name <i>", "Link"],
        rows=[["<script>x</script>", mark_safe('<a class="govuk-link" href="/m/1/">1</a>')]],
    )
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<th scope="col" class="govuk-table__header">Name &lt;i&gt;</th>' in html
    assert '<td class="govuk-table__cell"><a class="govuk-link" href="/m/1/">1</a></td>' in html


def test_table_head_cells_have_column_scope_and_row_headers_row_scope():
    source = "{% govuk_table head=head rows=rows first_cell_is_header=True %}"
    html = render(source, head=["Name", "Role"], rows=[["Fiona Taylor", "Chair"], ["Zoe", None]])
    assert html.count('scope="col"') == 2
    assert '<th scope="row" class="govuk-table__header">Fiona Taylor</th>' in html
    assert '<td class="govuk-table__cell">Chair</td>' in html
    assert '<td class="govuk-table__cell"></td>' in html
    plain = render("{% govuk_table head=head rows=rows %}", head=["Name"], rows=[["Fiona"]])
    assert 'scope="row"' not in plain and '<td class="govuk-table__cell">Fiona</td>' in plain


def test_table_caption_with_its_class_and_none_when_blank():
    source = '{% govuk_table caption=c caption_class="govuk-visually-hidden" rows=rows %}'
    html = render(source, c="Past meetings <b>", rows=[["x"]])
    assert (
        '<caption class="govuk-table__caption govuk-visually-hidden">Past meetings &lt;b&gt;'
        "</caption>"
    ) in html
    assert "<caption" not in render("{% govuk_table caption=c rows=rows %}", c="", rows=[["x"]])
    assert "<thead" not in html
    assert html.count('class="csp-table-wrapper"') == 1 and '<table class="govuk-table">' in html


def test_table_numeric_cells_and_extra_classes():
    html = render(
        '{% govuk_table head=head rows=rows classes="csp-action-table" %}',
        head=["Crime", {"text": "FYTD", "format": "numeric"}],
        rows=[[{"text": "Burglary", "classes": "csp-nowrap"}, {"text": 1319, "format": "numeric"}]],
    )
    assert '<table class="govuk-table csp-action-table">' in html
    assert 'class="govuk-table__header govuk-table__header--numeric">FYTD</th>' in html
    assert '<td class="govuk-table__cell csp-nowrap">Burglary</td>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1319</td>' in html


def test_table_refuses_an_unknown_cell_key_or_format():
    with pytest.raises(ValueError, match="keys"):
        render("{% govuk_table rows=rows %}", rows=[[{"html": "<b>x</b>"}]])
    with pytest.raises(ValueError, match="format"):
        render("{% govuk_table rows=rows %}", rows=[[{"text": "1", "format": "money"}]])
