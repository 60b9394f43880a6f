"""Model.get_FOO_display for lists of hundreds of rows."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels(models.Model):
    """An abstract base of models: get_FOO_display looks the value up in the field's choices,
    kept per field (the labels stay lazy, so each call still speaks the active language).
    Django rebuilds that dict at every call, hashing every label through gettext: four calls a
    row cost a fifth of the member list's time at ten times OGP's size (100 members a page)."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field) -> str:
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            labels = field._choice_labels = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
