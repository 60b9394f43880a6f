"""Form widgets the portal needs beyond Django's own."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A select with one option per member, or any list in the thousands: the same HTML as
    forms.Select, written by joining strings. Django renders every option through a template
    (about 0.1 ms each), which made the member filter alone cost 226 ms of each search page at
    ten times OGP's size (2,000 members)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(item) for item in self.format_value(value)}
        parts = [f"<select{flatatt(final_attrs)}>"]
        for option_value, label in self.choices:  # flat: no option groups in these lists
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            parts.append(
                f'<option value="{conditional_escape(text)}"{selected}>'
                f"{conditional_escape(str(label))}</option>"
            )
        parts.append("</select>")
        return mark_safe("".join(parts))
