"""What the commitment page tells, in the order a reader asks: what it promises, then how far
it got, then what the IRM said, then the template in full. The template's texts come from the
commitment's own fields; where an imported commitment's field is empty and OGP's full text
(kept whole in its description) marks that section, the section is shown, and the full text
is folded away beside it."""

import re
from dataclasses import dataclass

from commitments.models import Commitment

from ..ogp_import.full_text import (
    MILESTONES,
    SECTION_FIELDS,
    clean_symbols,
    full_text_sections,
    sections_for_template,
)

PROMISE_WORDS = 60
_SPACES = re.compile(r"\s+")
STORY_TEXT_FIELDS = SECTION_FIELDS  # the template's long texts a section can stand in for


@dataclass
class CommitmentStory:
    promise: str  # what the commitment promises, in a few plain words
    texts: dict[str, str]  # each of STORY_TEXT_FIELDS as the template shows it
    full_text: str  # OGP's full text, whole, when its sections are shown apart; else ""
    milestones_text: str  # the full text's milestones, when no milestone is recorded
    # OGP's export has one column for every supporting institution, of any sector: an imported
    # commitment whose actors the export did not sort shows them under one neutral heading.
    supporting_unsorted: bool = False


def _plain(text: str) -> str:
    return _SPACES.sub(" ", clean_symbols(text)).strip()


def _short(text: str, words: int = PROMISE_WORDS) -> str:
    parts = _plain(text).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def commitment_story(commitment: Commitment, has_milestones: bool) -> CommitmentStory:
    """The page's texts for the commitment, from its fields and (prefetched) nothing else."""
    texts = {name: getattr(commitment, name) for name in STORY_TEXT_FIELDS}
    template_sections = sections_for_template(commitment.description)
    full_text = ""
    if template_sections:
        full_text = commitment.description
        texts["description"] = template_sections.get("description", "")
        for name, text in template_sections.items():
            if name != "description" and not texts[name]:
                texts[name] = text
    milestones_text = (
        full_text_sections(commitment.description).get(MILESTONES, "") if not has_milestones else ""
    )
    promise = texts["description"] or texts["objective"] or commitment.description
    return CommitmentStory(
        _short(promise) if promise else "",
        texts,
        full_text,
        milestones_text,
        supporting_unsorted=bool(
            commitment.ogp_url
            and commitment.supporting_government
            and not commitment.supporting_civil_society
        ),
    )
