"""OGP's full text read as the template's sections and shown as paragraphs, lists and tables:
snippets from the real export (data/ogp/)."""

from django.template import Context, Template

from ogp_portal.ogp_import.full_text import (
    BulletList,
    Paragraph,
    Table,
    clean_symbols,
    full_text_sections,
    sections_for_template,
    supporting_actors_sorted,
    text_blocks,
)

# GH0042, shortened: symbol-font bullets (U+F0B7) and a milestone table of pipe lines.
GH0042 = (
    "Problem to be addressed \n\n"
    "● The commitment seeks to reform the existing law and practice with respect to Asset "
    "Declaration. \n\n"
    "The commitment \n\n"
    "\uf0b7 1. Pass the Conduct of Public Officers bill into law. \n"
    "\uf0b7 2. Develop regulations to fully operationalise the bill. \n\n"
    "Contribution of commitment to solving problem \n\n"
    "● Commitment 1 &2, if implemented, will help address public sector corruption. \n\n"
    "Relevance of commitment to OGP values \n\n"
    "\uf0b7 Commitments 1&2 are critical to the realization of OGP values\n\n"
    "Milestone Activity with a verifiable deliverable | Start Date - End Date\n\n"
    "\uf0b7 Draft Bill approved by Cabinet. | January, 2024 - December, 2024 \n\n"
    "\uf0b7 Final Bill drafted by AG Department. | January, 2025 - December, 2025 \n"
)
# AL0086, shortened: a heading with its question on the next line, inline bullets, a table.
AL0086 = (
    "Brief Description of the Commitment \n\n"
    "The Government of Albania is committed to gradual introduction of a modern system of "
    "public sector accounting.\n\n"
    "Problem Definition \n\n"
    "1. What problem does the commitment aim to address? Municipalities are the government "
    "tier closest to citizens.\n\n"
    "Commitment Description \n\n"
    "1. What has been done so far to solve the problem? During these years, we have carried "
    "out activities as follow: • Revision of the business processes; • Revision of Chart of "
    "Accounts;\n\n"
    "Milestones | Expected Outputs | Expected Completion Date\n\n"
    "Approval of the Legal acts | Instructions approved | 2024\n\n"
    "Increase awareness of LM and LGUs | Awareness activities developed | 2024\n"
)


def test_the_headings_of_the_full_text_mark_the_template_s_sections():
    sections = full_text_sections(GH0042)

    assert sections["problem"].startswith("● The commitment seeks to reform")
    assert sections["description"].startswith("\uf0b7 1. Pass the Conduct")
    assert sections["objective"].startswith("● Commitment 1 &2")
    assert sections["relevance"].startswith("\uf0b7 Commitments 1&2")
    assert sections["milestones"].startswith("Milestone Activity with a verifiable deliverable |")


def test_a_question_heading_keeps_the_answer_on_its_line():
    sections = full_text_sections(AL0086)

    assert sections["problem"] == "Municipalities are the government tier closest to citizens."
    assert sections["status_quo"].startswith("During these years, we have carried out")
    assert sections["description"].startswith("The Government of Albania is committed")


def test_a_text_with_a_single_heading_like_line_is_not_split():
    text = "Problem definition\nThe parliament publishes its votes late."

    assert full_text_sections(text) == {"problem": "The parliament publishes its votes late."}
    assert sections_for_template(text) == {}


def test_symbol_font_bullets_become_a_list_without_empty_boxes():
    blocks = text_blocks(GH0042)

    lists = [block for block in blocks if isinstance(block, BulletList)]
    assert lists[1].items == [
        "1. Pass the Conduct of Public Officers bill into law.",
        "2. Develop regulations to fully operationalise the bill.",
    ]
    assert not any("\uf0b7" in item for block in lists for item in block.items)
    assert clean_symbols("\uf0b7 Draft\uf020Bill") == " Draft Bill"


def test_pipe_lines_become_a_table_with_its_header():
    table = next(block for block in text_blocks(GH0042) if isinstance(block, Table))

    assert table.header == [
        "Milestone Activity with a verifiable deliverable",
        "Start Date - End Date",
    ]
    assert table.rows == [
        ["Draft Bill approved by Cabinet.", "January, 2024 - December, 2024"],
        ["Final Bill drafted by AG Department.", "January, 2025 - December, 2025"],
    ]


def test_bullets_run_together_in_a_paragraph_become_its_list():
    blocks = text_blocks(AL0086)

    index = next(i for i, block in enumerate(blocks) if isinstance(block, BulletList))
    assert isinstance(blocks[index - 1], Paragraph)
    assert blocks[index - 1].lines[0].endswith("we have carried out activities as follow:")
    assert blocks[index].items == [
        "Revision of the business processes;",
        "Revision of Chart of Accounts;",
    ]


def test_a_heading_with_pipes_in_parentheses_is_not_a_table():
    blocks = text_blocks("Commitment Planning (Milestones | Expected Outputs | Date)\n\nText.")

    assert all(isinstance(block, Paragraph) for block in blocks)


def test_the_rendering_filter_escapes_everything_it_is_given():
    text = "<script>alert(1)</script>\n\n• <b>one</b>\n• two\n\nA | <i>B</i>\nC | D"

    html = Template("{% load imported_text %}{{ text|readable_text }}").render(
        Context({"text": text})
    )

    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ul><li>&lt;b&gt;one&lt;/b&gt;</li><li>two</li></ul>" in html
    assert '<th scope="col">&lt;i&gt;B&lt;/i&gt;</th>' in html and "<td>D</td>" in html


def test_supporting_institutions_are_sorted_only_where_the_export_says_the_sector():
    kenya = (
        "Other actors involved - government\nOffice of the Deputy President\n"
        "Other actors involved - CSOs, private sector, working groups, Multilaterals etc\n"
        "Mzalendo, INFONET Africa"
    )
    assert supporting_actors_sorted(kenya, "") == (
        "Office of the Deputy President",
        "Mzalendo, INFONET Africa",
    )
    estonia_text = (
        "Other Actors Involved        State actors involved        \n        CSOs, private "
        "sector,multilaterals, working groups        The Estonian Cooperation Assembly\n"
    )
    assert supporting_actors_sorted("The Estonian Cooperation Assembly", estonia_text) == (
        "",
        "The Estonian Cooperation Assembly",
    )
    assert supporting_actors_sorted("Bank of Ghana, PFM Coalition", "No such block.") is None
