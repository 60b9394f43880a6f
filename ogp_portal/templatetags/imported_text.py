"""The readable form of a commitment's texts: OGP's full text (or any template text) as
paragraphs, lists and tables (ogp_portal.ogp_import.full_text). Every piece of text is
escaped; the only markup is the one built here."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..ogp_import.full_text import Block, BulletList, Paragraph, Table, text_blocks

register = template.Library()


def _cell(text: str) -> SafeString:
    return format_html("{}", text)


def _block_html(block: Block) -> SafeString:
    if isinstance(block, Paragraph):
        return format_html(
            "<p>{}</p>",
            format_html_join(mark_safe("<br>"), "{}", ((line,) for line in block.lines)),
        )
    if isinstance(block, BulletList):
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in block.items))
        )
    assert isinstance(block, Table)
    head = (
        format_html(
            "<thead><tr>{}</tr></thead>",
            format_html_join("", '<th scope="col">{}</th>', ((cell,) for cell in block.header)),
        )
        if block.header
        else ""
    )
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in block.rows),
    )
    return format_html(
        '<div class="table-wrap"><table class="imported-table">{}<tbody>{}</tbody></table></div>',
        head,
        body,
    )


@register.filter
def readable_text(text: str) -> SafeString:
    """The text as HTML paragraphs, bullet lists and tables, everything in it escaped."""
    if not text:
        return mark_safe("")
    return mark_safe("".join(_block_html(block) for block in text_blocks(text)))
