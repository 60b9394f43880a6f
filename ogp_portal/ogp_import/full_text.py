"""OGP's "Full Text" of a commitment made readable: the template's sections its headings mark
(problem, status quo, description, objective, relevance, additional information, milestones),
and the text as blocks (paragraphs, bullet lists, pipe tables) for a page to render.

Pure functions over text: no database, no HTML. ogp_portal.templatetags.imported_text renders
the blocks, escaping every piece of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The template's fields a marked section fills, in the template's order.
SECTION_FIELDS = (
    "problem",
    "status_quo",
    "description",
    "objective",
    "relevance",
    "additional_information",
)
MILESTONES = "milestones"
OTHER = "other"  # a heading of the template the portal keeps elsewhere (contact, dates...)

# Headings as OGP's templates (English, Spanish, French) word them, normalised: lower case,
# single spaces, no numbering, no trailing colon.
_HEADINGS: dict[str, str] = {
    **dict.fromkeys(
        (
            "problem to be addressed",
            "problem definition",
            "problem addressed",
            "problem addressed by the commitment",
            "defining a problem",
            "general problem",
            "problem",
            "the problem",
            "what is the public problem that the commitment will address?",
            "what problem does the commitment aim to address?",
            "what issues does the commitment address?",
            "status quo or problem addressed by the commitment",
            "¿cuál es la problemática que el compromiso aborda?",
            "problemática",
            "problema",
            "problème",
            "problématique",
            "quel est le problème public que l'engagement va aborder?",
        ),
        "problem",
    ),
    **dict.fromkeys(
        (
            "status quo",
            "what has been done so far to solve the problem?",
            "what has been done so far for the problem to be solved?",
            "description of the current state and the challenge",
            "¿qué se ha hecho hasta ahora para resolver el problema?",
            "situation actuelle",
        ),
        "status_quo",
    ),
    **dict.fromkeys(
        (
            "brief description of the commitment",
            "brief description of commitment",
            "brief description",
            "description of commitment",
            "description of the commitment",
            "commitment description",
            "what is the commitment?",
            "the commitment",
            "commitment",
            "what solution are you proposing?",
            "proposed solutions",
            "¿cuál es el compromiso?",
            "descripción del compromiso",
            "description de l'engagement",
            "quel est l'engagement?",
        ),
        "description",
    ),
    **dict.fromkeys(
        (
            "main objective",
            "objective",
            "how will the commitment contribute to solving the problem?",
            "how will the commitment contribute to solve the public problem?",
            "how will the commitment contribute to the resolution of the public problem?",
            "how shall the commitment contribute to solving the public problem?",
            "how will the commitment address the problem?",
            "contribution of commitment to solving problem",
            "what results do we want to achieve by implementing this commitment?",
            "desired results",
            "¿cómo contribuirá a resolver la problemática?",
            "objetivo",
            "objectif",
        ),
        "objective",
    ),
    **dict.fromkeys(
        (
            "why is this commitment relevant to ogp values?",
            "relevance of commitment to ogp values",
            "how does the commitment relate to ogp values?",
            "relevance",
            "relevance to ogp values",
            "ogp values",
            "¿por qué es relevante a los valores de ogp?",
            "pertinence",
        ),
        "relevance",
    ),
    **dict.fromkeys(
        ("additional information", "información adicional", "informations complémentaires"),
        "additional_information",
    ),
    **dict.fromkeys(
        (
            "contact information",
            "información de contacto",
            "lead implementing agency",
            "lead implementing agency/actor",
            "other actors involved",
            "other actors",
            "commitment start and end date",
            "commitment analysis",
            "analysis of the commitment",
            "engagement",
            "ambition",
            "indicators",
        ),
        OTHER,
    ),
}
# A milestones heading or a milestone table's header row starts so.
_MILESTONE_STARTS = (
    "milestone",
    "commitment planning",
    "key activities with deliverable",
    "verifiable and measurable milestones",
    "hitos",
    "planificación",
    "jalons",
)
_NUMBERING = re.compile(r"^(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s*")
_SPACES = re.compile(r"\s+")

# Symbol-font bullets (Wingdings and Symbol in Word) arrive as private-use characters.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_SYMBOL_SPACE = "\uf020"
_LINE_BULLET = re.compile(r"^\s*(?:[\ue000-\uf8ff]|[•●▪◦■➢➤✓·*]|[-–](?=\s))\s*")
_INLINE_BULLET = re.compile(r"\s+(?:[\ue000-\uf8ff]|[•●▪◦■➢➤✓])\s+")


def _normalised(line: str) -> str:
    text = _SPACES.sub(" ", line).strip().rstrip(":").strip().lower()
    return _NUMBERING.sub("", text)


def _heading(line: str) -> tuple[str, str] | None:
    """(section, text after the heading on the same line) when the line is a heading."""
    text = _normalised(line)
    if not text:
        return None
    if text in _HEADINGS:
        return _HEADINGS[text], ""
    if text.startswith(_MILESTONE_STARTS) and len(text) < 160:
        return MILESTONES, line.strip() if _is_table_row(line) else ""
    # "1. What problem does the commitment aim to address? Municipalities are..."
    for heading, section in _HEADINGS.items():
        if heading.endswith("?") and text.startswith(heading + " "):
            rest = _SPACES.sub(" ", line).strip()
            return section, rest[rest.lower().find(heading) + len(heading) :].strip()
    return None


def full_text_sections(text: str) -> dict[str, str]:
    """The template's sections that the text's headings mark, by field name (SECTION_FIELDS
    and "milestones"), each as the text under its first heading; a section with no text under
    its heading is left out. Text before the first heading belongs to no section."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        found = _heading(line)
        if found is not None:
            section, rest = found
            if section == current:  # a sub-question of the section it is in
                sections[current].append(rest)
                continue
            current = section if section not in sections else None
            if current is not None:
                sections[current] = [rest] if rest else []
            continue
        if current is not None:
            sections[current].append(line)
    cleaned = {name: "\n".join(lines).strip() for name, lines in sections.items()}
    return {name: text for name, text in cleaned.items() if text and name != OTHER}


def sections_for_template(text: str) -> dict[str, str]:
    """The marked sections that fill the template's text fields (not the milestones), when
    the text marks at least two of the template's sections: a single heading-like line is
    more likely ordinary prose than OGP's template."""
    sections = full_text_sections(text)
    if len(sections) < 2:
        return {}
    return {name: sections[name] for name in SECTION_FIELDS if name in sections}


# --- The text as blocks ---------------------------------------------------------------


@dataclass
class Paragraph:
    lines: list[str]
    kind: str = "paragraph"


@dataclass
class BulletList:
    items: list[str]
    kind: str = "list"


@dataclass
class Table:
    header: list[str] | None
    rows: list[list[str]] = field(default_factory=list)
    kind: str = "table"


Block = Paragraph | BulletList | Table


def clean_symbols(line: str) -> str:
    """The line without symbol-font characters: a symbol space becomes a space, any other
    private-use character (a bullet that renders as an empty box) is dropped."""
    return _PRIVATE_USE.sub("", line.replace(_SYMBOL_SPACE, " "))


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _is_table_row(line: str) -> bool:
    """A line of cells between pipes; a pipe inside parentheses ("Planning (Milestones |
    Outputs)") is a heading's, not a table's."""
    if "|" not in line:
        return False
    outside = re.sub(r"\([^)]*\)", "", line)
    return "|" in outside and sum(1 for cell in _cells(outside) if cell) >= 2


def _bullet_item(line: str) -> str | None:
    match = _LINE_BULLET.match(line)
    if match is None or not line[match.end() :].strip():
        return None
    return clean_symbols(line[match.end() :]).strip()


def inline_items(text: str) -> tuple[str, list[str]]:
    """("lead text", [items]) when the text runs several bullets together on one line
    ("Partners: • A • B"); (text, []) otherwise."""
    parts = _INLINE_BULLET.split(" " + text)
    if len(parts) < 3:
        return clean_symbols(text).strip(), []
    lead, *items = (clean_symbols(part).strip() for part in parts)
    return lead, [item for item in items if item]


def _table(lines: list[str]) -> Table:
    rows = [[clean_symbols(cell).strip() for cell in _cells(line)] for line in lines]
    for row in rows:
        if row and _LINE_BULLET.match(row[0]):
            row[0] = _bullet_item(row[0]) or row[0]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    first = lines[0].strip()
    is_header = (
        len(rows) > 1
        and not _LINE_BULLET.match(first)
        and not re.match(r"^\d", first)
        and all(len(cell) < 80 for cell in rows[0])
    )
    return Table(rows[0], rows[1:]) if is_header else Table(None, rows)


def text_blocks(text: str) -> list[Block]:
    """The text as paragraphs, bullet lists and tables. Lines that start with a bullet
    (symbol-font ones included) make a list; runs of pipe-separated lines, blank lines between
    them allowed, make a table; everything else keeps its line breaks in paragraphs."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not clean_symbols(line).strip():
            index += 1
            continue
        if _is_table_row(line):
            rows = []
            while index < len(lines) and (
                _is_table_row(lines[index]) or not clean_symbols(lines[index]).strip()
            ):
                if lines[index].strip():
                    rows.append(lines[index])
                index += 1
            if len(rows) >= 2:
                blocks.append(_table(rows))
                continue
            blocks.append(Paragraph([clean_symbols(rows[0]).strip()]))
            continue
        if _bullet_item(line) is not None:
            items: list[str] = []
            while index < len(lines):
                candidate = lines[index]
                item = _bullet_item(candidate)
                if item is not None and not _is_table_row(candidate):
                    items.extend(_split_item(item))
                elif clean_symbols(candidate).strip():
                    break
                index += 1
            blocks.append(BulletList(items))
            continue
        paragraph: list[str] = []
        while index < len(lines) and clean_symbols(lines[index]).strip():
            if paragraph and (_is_table_row(lines[index]) or _bullet_item(lines[index])):
                break
            paragraph.append(lines[index])
            index += 1
        blocks.extend(_paragraph_blocks(paragraph))
    return blocks


def _split_item(item: str) -> list[str]:
    lead, more = inline_items(item)
    return [text for text in (lead, *more) if text]


def _paragraph_blocks(lines: list[str]) -> list[Block]:
    """A paragraph; one whose lines run bullets together becomes its lead text and a list."""
    joined = " ".join(line.strip() for line in lines)
    lead, items = inline_items(joined)
    if items:
        return [Paragraph([lead]), BulletList(items)] if lead else [BulletList(items)]
    return [Paragraph([clean_symbols(line).strip() for line in lines])]


# --- Supporting actors: OGP's export has one column for every sector ------------------

_COLUMN_GOVERNMENT = re.compile(
    r"other actors involved\s*[-–:]\s*(?:government|state actors)[^\n]*\n", re.I
)
_COLUMN_CIVIL_SOCIETY = re.compile(
    r"other actors involved\s*[-–:]\s*(?:csos?|civil society)[^\n]*\n", re.I
)
_TEXT_GOVERNMENT = "state actors involved"
_TEXT_CIVIL_SOCIETY = re.compile(
    r"csos?,? private sector,? ?multilaterals(?:,? (?:and )?working groups)?", re.I
)


def supporting_actors_sorted(column: str, full_text: str) -> tuple[str, str] | None:
    """(government, civil society) from the export's "Supporting Institution(s)" column, when
    the column or the commitment's full text says which sector each belongs to; None when
    nothing does (the column names institutions of every sector together)."""
    government = _COLUMN_GOVERNMENT.search(column)
    civil_society = _COLUMN_CIVIL_SOCIETY.search(column)
    if government and civil_society and government.end() <= civil_society.start():
        return (
            column[government.end() : civil_society.start()].strip(),
            column[civil_society.end() :].strip(),
        )
    text = _SPACES.sub(" ", full_text)
    state_at = text.lower().find(_TEXT_GOVERNMENT)
    others = _TEXT_CIVIL_SOCIETY.search(text, max(state_at, 0))
    if state_at < 0 or others is None:
        return None
    state_part = text[state_at + len(_TEXT_GOVERNMENT) : others.start()].strip(" \t-–:|")
    flat = _SPACES.sub(" ", column).strip()
    if not state_part:
        return ("", column.strip()) if flat.lower() in text.lower() else None
    if flat.startswith(state_part):
        return state_part, flat[len(state_part) :].strip(" ,;.")
    return None
