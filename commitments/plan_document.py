"""The submitted action plan as a Word document (.docx, python-docx) in OGP's action plan
template: the plan's facts and sign-offs, then every commitment with the template's fields in
its order and its milestones as a table."""

import io
import re

import docx
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from action_plans.models import ActionPlan

from .models import Commitment, Milestone, OgpValue

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# Characters XML 1.0 cannot hold (lxml refuses them): dropped, as a plain-text field may carry one.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _set_text(cell, text: str) -> None:
    """The cell's text, one line break per newline; written as whole runs, since python-docx's
    own setter walks the text character by character (slow on long commitment texts)."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run()._r
    for number, line in enumerate(_NOT_IN_XML.sub("", text).replace("\r\n", "\n").split("\n")):
        if number:
            run.append(OxmlElement("w:br"))
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = line
        run.append(element)


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else "—"


def commitment_template_rows(commitment: Commitment) -> list[tuple[str, str]]:
    """OGP's commitment template as (field, text) rows, in the template's order; milestones
    are a table of their own."""
    values = ", ".join(str(OgpValue(value).label) for value in commitment.ogp_values)
    relevance = "\n".join(part for part in (values, commitment.relevance) if part)
    areas = ", ".join(area.name for area in commitment.policy_areas.all())
    return [
        (_("Number and name"), f"{commitment.number}. {commitment.title}"),
        (
            _("Start and end date"),
            f"{_date(commitment.start_date)} – {_date(commitment.end_date)}",
        ),
        (_("Lead implementing agency"), commitment.lead_agency),
        (_("Problem addressed"), commitment.problem),
        (_("Status quo"), commitment.status_quo),
        (_("Commitment description"), commitment.description),
        (_("How will the commitment contribute to solving the problem?"), commitment.objective),
        (_("Why is this commitment relevant to OGP values?"), relevance),
        (_("Additional information"), commitment.additional_information),
        (_("Policy areas"), areas),
        (_("Contact details"), commitment.contact),
        (_("Other actors involved: government"), commitment.supporting_government),
        (
            _("Other actors involved: civil society, private sector, multilaterals"),
            commitment.supporting_civil_society,
        ),
    ]


def _commitments(plan: ActionPlan) -> list[Commitment]:
    return list(
        plan.commitments.order_by("position", "pk").prefetch_related(
            "policy_areas", Prefetch("milestones", queryset=Milestone.objects.order_by("number"))
        )
    )


def plan_document(plan: ActionPlan) -> bytes:
    """The plan as a .docx: its facts, its sign-offs, then each commitment."""
    document = docx.Document()
    document.core_properties.title = _NOT_IN_XML.sub("", plan.title)
    document.core_properties.subject = plan.ogp_id
    document.add_heading(_NOT_IN_XML.sub("", plan.title), level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in (
        (_("Member"), plan.member.name),
        (_("OGP identifier"), plan.ogp_id),
        (_("Period"), f"{_date(plan.period_start)} – {_date(plan.period_end)}"),
        (_("Status"), plan.get_status_display()),
        (_("Submitted on"), _date(plan.submitted_on)),
    ):
        row = facts.add_row().cells
        row[0].text = str(label)
        _set_text(row[1], value)
    sign_offs = list(plan.sign_offs.filter(withdrawn_at__isnull=True))
    if sign_offs:
        document.add_heading(_("Endorsed by"), level=1)
        for sign_off in sign_offs:
            endorsement = _("%(name)s, %(role)s, on %(date)s") % {
                "name": sign_off.signer_name,
                "role": sign_off.signer_role_label,
                "date": date_format(sign_off.signed_at, "DATETIME_FORMAT"),
            }
            document.add_paragraph(
                _NOT_IN_XML.sub("", endorsement),
                style="List Bullet",
            )
    for commitment in _commitments(plan):
        document.add_page_break()
        document.add_heading(
            _("Commitment %(number)s: %(title)s")
            % {"number": commitment.number, "title": _NOT_IN_XML.sub("", commitment.title)},
            level=1,
        )
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, text in commitment_template_rows(commitment):
            row = table.add_row().cells
            row[0].text = str(label)
            _set_text(row[1], text or "—")
        document.add_heading(_("Milestones"), level=2)
        milestones = list(commitment.milestones.all())
        if not milestones:
            document.add_paragraph(_("No milestone."))
            continue
        grid = document.add_table(rows=1, cols=5)
        grid.style = "Table Grid"
        for cell, heading in zip(
            grid.rows[0].cells,
            (_("No."), _("Milestone"), _("Expected output"), _("Start date"), _("End date")),
            strict=True,
        ):
            cell.text = str(heading)
        for milestone in milestones:
            cells = grid.add_row().cells
            cells[0].text = str(milestone.number)
            _set_text(cells[1], milestone.description)
            _set_text(cells[2], milestone.expected_output or "—")
            cells[3].text = _date(milestone.start_date)
            cells[4].text = _date(milestone.end_date)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
