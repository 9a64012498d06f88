"""csp_portal.widgets.QuickSelect: the same <select> as Django's Select, built in Python."""
from django import forms

from csp_portal.widgets import QuickSelect


def test_same_html_as_select_with_escaping_and_the_chosen_option():
    choices = [("", "Anyone"), (1, "Kate <Sandercock> & Co"), (2, 'Tom "T" O\'Neil')]
    attrs = {"class": "govuk-select", "id": "id_lead"}
    quick = QuickSelect(attrs=attrs, choices=choices).render("lead", "1")
    plain = forms.Select(attrs=attrs, choices=choices).render("lead", "1")
    # Django's template puts each option on a line of its own (and "name" first); the
    # options are the same.
    options = "".join(line.strip() for line in plain.splitlines()).split(">", 1)[1]
    assert quick.split(">", 1)[1] == options
    assert quick.startswith('<select class="govuk-select" id="id_lead" name="lead">')
    assert '<option value="1" selected>Kate &lt;Sandercock&gt; &amp; Co</option>' in quick
