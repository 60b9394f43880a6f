"""The redline of a commitment: word by word, what changed between the text put to public
consultation and the current text (the submitted text once the plan is submitted), per field
of OGP's template. Python's difflib on word tokens; whitespace travels with the words."""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .consultation import consultation_text_values
from .drafting import draft_field
from .models import TEMPLATE_TEXT_FIELDS, Commitment, ConsultationText

_TOKENS = re.compile(r"\s+|[^\s]+")
EQUAL, INSERTED, DELETED = "equal", "inserted", "deleted"


@dataclass(frozen=True)
class Segment:
    kind: str  # EQUAL, INSERTED or DELETED
    text: str


@dataclass(frozen=True)
class FieldRedline:
    name: str
    label: str
    segments: list[Segment]

    @property
    def changed(self) -> bool:
        return any(segment.kind != EQUAL for segment in self.segments)


@dataclass(frozen=True)
class Redline:
    consultation_text: ConsultationText
    fields: list[FieldRedline]

    @property
    def changed_fields(self) -> list[FieldRedline]:
        return [field for field in self.fields if field.changed]


def words(text: str) -> list[str]:
    """Words and the whitespace between them, in order: joined, they are the text again."""
    return _TOKENS.findall(text or "")


def redline_segments(before: str, after: str) -> list[Segment]:
    """The segments that turn `before` into `after`: unchanged, deleted and inserted runs of
    words; a replaced run is its deletion followed by its insertion."""
    old, new = words(before), words(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment(EQUAL, "".join(old[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment(DELETED, "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment(INSERTED, "".join(new[j1:j2])))
    return segments


def commitment_redline(commitment: Commitment) -> Redline | None:
    """The commitment's redline against its consultation text; None when it was not put to
    consultation (no consultation yet, or it was drafted after the consultation opened)."""
    text = (
        ConsultationText.objects.filter(commitment=commitment)
        .select_related("consultation")
        .order_by("-consultation__opened_at")
        .first()
    )
    if text is None:
        return None
    current_fields, current_milestones = consultation_text_values(commitment)
    fields = [
        FieldRedline(
            name,
            str(draft_field(name).verbose_name),
            redline_segments(text.fields.get(name, ""), current_fields[name]),
        )
        for name in TEMPLATE_TEXT_FIELDS
    ]
    fields.append(
        FieldRedline(
            "milestones",
            _("Milestones"),
            redline_segments("\n".join(text.milestones), "\n".join(current_milestones)),
        )
    )
    return Redline(text, fields)
