from django.template import Context, Template

from csp_portal.templatetags.csp_text import text_to_html


def test_blank_lines_separate_paragraphs_and_newlines_are_kept():
    html = text_to_html("First line\nsecond line\n\nNext paragraph")
    assert html == (
        '<p class="govuk-body">First line<br>second line</p>\n'
        '<p class="govuk-body">Next paragraph</p>'
    )


def test_dash_lines_are_a_bulleted_list():
    html = text_to_html("- one\n- two")
    assert html == '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>'


def test_a_lead_in_followed_by_bullets_keeps_both():
    html = text_to_html("The group agreed:\n- Safety in town centres\n• Fire safety")
    assert '<p class="govuk-body">The group agreed:</p>' in html
    assert "<li>Safety in town centres</li><li>Fire safety</li>" in html


def test_markup_in_the_data_is_escaped():
    html = text_to_html('<script>alert("x")</script>\n- <b>bold</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_empty_text_renders_nothing():
    assert text_to_html("") == "" and text_to_html(None) == ""


def test_template_filter():
    out = Template("{% load csp_text %}{{ text|paragraphs }}").render(Context({"text": "A & B"}))
    assert out == '<p class="govuk-body">A &amp; B</p>'
