"""core.widgets.LongSelect: Django's Select written by joining strings, its options kept for
the next request with the same choices."""

import re

from django import forms

from core.widgets import LongSelect

CHOICES = [("", "All members"), ("albania", "Albania"), ("cote", "Côte d'Ivoire <CI> & co")]


def _options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>[^<]*</option>", html)


def test_a_long_select_writes_the_options_django_would_with_the_chosen_one_selected():
    for value in ("", "cote", "albania", None, "unknown"):
        ours = LongSelect(choices=CHOICES).render("member", value, attrs={"id": "id_member"})
        django = forms.Select(choices=CHOICES).render("member", value, attrs={"id": "id_member"})
        assert _options(ours) == _options(django)
        assert 'name="member"' in ours.split(">")[0] and 'id="id_member"' in ours.split(">")[0]


def test_the_same_choices_keep_their_options_and_each_render_selects_its_own_value():
    first = LongSelect(choices=CHOICES).render("member", "albania")
    second = LongSelect(choices=CHOICES).render("member", "cote")
    assert '<option value="albania" selected>Albania</option>' in first
    assert '<option value="cote">' in first
    assert '<option value="albania">Albania</option>' in second
    assert '<option value="cote" selected>Côte d&#x27;Ivoire &lt;CI&gt; &amp; co</option>' in second
    assert first.count(" selected") == second.count(" selected") == 1
