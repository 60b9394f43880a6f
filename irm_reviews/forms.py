"""The IRM workspace's forms. They shape and type what the researcher typed; the rules are
irm_reviews.services' (assessment_validate) and irm_reviews.assignments'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import User

from .display import indicator_label
from .models import INDICATOR_FIELDS, CommitmentAssessment, ReviewKind
from .services import INDICATORS_BY_KIND, LEVEL_CHOICES

NOT_ASSESSED = ("", _("Not assessed yet"))
FLAG_CHOICES = [NOT_ASSESSED, ("yes", _("Yes")), ("no", _("No"))]
MAX_EVIDENCE_LINKS = 50


def _flag(value: str):
    return {"yes": True, "no": False}.get(value)


def indicators_of(kind: str) -> list[str]:
    """The indicators a report of this kind records, in the order reports list them."""
    recorded = INDICATORS_BY_KIND[ReviewKind(kind)]
    return [name for name in INDICATOR_FIELDS if name in recorded and name != "cluster"]


class AssessmentForm(forms.Form):
    """One commitment's (or one cluster's) indicators for a report of the given kind, each with
    its justification, then the assessment's text and its evidence links."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    narrative = forms.CharField(
        label=_("Assessment"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The text of the assessment, as the report will publish it."),
    )
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address (http or https) per line."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators_of(kind)
        for name in self.indicators:
            label = indicator_label(name)
            if name in LEVEL_CHOICES:
                field: forms.Field = forms.ChoiceField(
                    choices=[NOT_ASSESSED, *LEVEL_CHOICES[name].choices], required=False
                )
            else:
                field = forms.ChoiceField(choices=FLAG_CHOICES, required=False)
            field.label = label
            field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
            self.fields[name] = field
            self.fields[f"justification_{name}"] = forms.CharField(
                label=_("Justification: %(indicator)s") % {"indicator": label},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Indicators first, then the text and the evidence, as the page shows them.
        self.order_fields([*self.indicator_names(), "narrative", "evidence_links", "version"])

    def indicator_names(self) -> list[str]:
        return [n for name in self.indicators for n in (name, f"justification_{name}")]

    def indicator_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[name], self[f"justification_{name}"]) for name in self.indicators]

    def clean_evidence_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        links = [link for link in links if link]
        if len(links) > MAX_EVIDENCE_LINKS:
            raise forms.ValidationError(_("At most %(max)d links.") % {"max": MAX_EVIDENCE_LINKS})
        return links

    def assessment_values(self) -> dict:
        """What irm_reviews.services.assessment_save takes."""
        data = self.cleaned_data
        values: dict = {}
        for name in self.indicators:
            values[name] = data[name] if name in LEVEL_CHOICES else _flag(data[name])
        values["justifications"] = {
            name: data[f"justification_{name}"]
            for name in self.indicators
            if data[f"justification_{name}"].strip()
        }
        values["narrative"] = data["narrative"]
        values["evidence_links"] = data["evidence_links"]
        return values

    @staticmethod
    def initial_from(assessment: CommitmentAssessment | None, kind: str) -> dict:
        if assessment is None:
            return {"version": 0}
        initial: dict = {
            "version": assessment.version,
            "narrative": assessment.narrative,
            "evidence_links": "\n".join(assessment.evidence_links or []),
        }
        for name in indicators_of(kind):
            value = getattr(assessment, name)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            initial[name] = value or ""
            initial[f"justification_{name}"] = (assessment.justifications or {}).get(name, "")
        return initial


class ResearcherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class AssignmentForm(forms.Form):
    researcher: forms.ModelChoiceField = ResearcherChoiceField(
        label=_("IRM researcher"),
        queryset=User.objects.none(),
        empty_label=_("Choose a researcher"),
    )

    def __init__(self, *args, researchers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["researcher"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = researchers


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Cluster name"), max_length=100)
    commitments = forms.MultipleChoiceField(
        label=_("Commitments in the cluster"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["commitments"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(c.pk), f"{c.number or c.ogp_id}. {c.title}") for c in commitments]


class ClusterEditForm(ClusterForm):
    """A cluster's name and commitments, with the version it was loaded at; prefixed, as it
    shares the cluster's page with the assessment form."""

    prefix = "members"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
