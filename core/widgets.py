"""Form widgets the portal needs beyond Django's own."""

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=16)
def _options_html(choices: tuple[tuple[str, str], ...]) -> tuple[str, dict[str, int]]:
    """The <option> elements of these (value, label) choices, none selected, and where each
    value's " selected" would go. Kept for the next request with the same choices (the same
    members in the same language), since escaping 2,000 names costs two thirds of the list."""
    parts = []
    selected_at: dict[str, int] = {}
    length = 0
    for value, label in choices:
        head = f'<option value="{conditional_escape(value)}"'
        selected_at.setdefault(value, length + len(head))
        part = f"{head}>{conditional_escape(label)}</option>"
        parts.append(part)
        length += len(part)
    return "".join(parts), selected_at


class LongSelect(forms.Select):
    """A select with one option per member, or any list in the thousands: the same HTML as
    forms.Select, written by joining strings. Django renders every option through a template
    (about 0.1 ms each), which made the member filter alone cost 226 ms of each search page at
    ten times OGP's size (2,000 members)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        choices = tuple(  # flat: no option groups in these lists
            ("" if option_value is None else str(option_value), str(label))
            for option_value, label in self.choices
        )
        options, selected_at = _options_html(choices)
        chosen = sorted(
            {
                selected_at[text]
                for text in map(str, self.format_value(value))
                if text in selected_at
            },
            reverse=True,
        )
        for at in chosen:  # from the end, so that earlier positions stay right
            options = f"{options[:at]} selected{options[at:]}"
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")
