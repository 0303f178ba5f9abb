import functools

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import Ring

from .mapping import UNMAPPED
from .models import NOT_MAPPED, Engagement, Organization, Region, Stakeholder
from .phones import InvalidPhone, normalise_phone
from .selectors import SORTS, region_choices, regions_at

SCORES = [(score, str(score)) for score in range(1, 6)]


class _RegionLabels:
    """Every region picker labels a place with `Region.label` (its parent shown), with its ring if asked."""

    def __init__(self, *, levels: tuple[str, ...] = (), with_ring: bool = False, queryset=None, **kwargs):
        self.with_ring = with_ring
        super().__init__(queryset=regions_at(*levels) if queryset is None else queryset, **kwargs)

    def label_from_instance(self, region: Region) -> str:
        ring = region.effective_ring if self.with_ring else None
        return _("%(region)s (ring %(ring)s)") % {"region": region.label, "ring": ring} if ring else region.label


class RegionChoiceField(_RegionLabels, forms.ModelChoiceField):
    """The one region picker (stakeholders own regions); `levels` limits it, e.g. to districts."""


class RegionMultipleChoiceField(_RegionLabels, forms.ModelMultipleChoiceField):
    """The region picker for several places at once (a program's locations)."""


class StakeholderFilterForm(forms.Form):
    """The list's search, filters and sort; every field optional, bad values simply ignored."""

    STATUS_CHOICES = [("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))]
    YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
    # Bad filter values are ignored, not reported: the filter bar shows no field errors.
    helper = FormHelper()
    helper.form_show_errors = False

    q = forms.CharField(label=_("Search"), required=False, widget=forms.SearchInput)
    org_type = forms.ChoiceField(label=_("Type"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    ring = forms.TypedChoiceField(label=_("Ring"), required=False, coerce=int, empty_value=None)
    quadrant = forms.ChoiceField(label=_("Quadrant"), required=False)
    influence = forms.TypedChoiceField(label=_("Influence"), required=False, coerce=int, empty_value=None)
    interest = forms.TypedChoiceField(label=_("Interest"), required=False, coerce=int, empty_value=None)
    attitude = forms.ChoiceField(label=_("Attitude"), required=False)
    local_hero = forms.ChoiceField(label=_("Local hero"), required=False, choices=YES_NO)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[(key, key) for key in SORTS])

    def __init__(self, *args, search_contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those who may see contact data can search by phone number (selectors.stakeholder_list).
        placeholder = _("Name, organisation or phone") if search_contact else _("Name or organisation")
        self.fields["q"].widget.attrs["placeholder"] = placeholder
        everything = [("", _("All"))]
        self.fields["org_type"].choices = everything + Organization.Type.choices
        # Read when the filter bar is rendered or a region is asked for, not on every request: the bar
        # is a cached fragment (core/fragments.py) and most requests filter by no region (issue 15).
        self.fields["region"].choices = functools.cache(lambda: everything + region_choices())
        self.fields["ring"].choices = everything + Ring.choices
        self.fields["quadrant"].choices = [*everything, *Stakeholder.Quadrant.choices, (UNMAPPED, NOT_MAPPED)]
        self.fields["influence"].choices = self.fields["interest"].choices = everything + SCORES
        self.fields["attitude"].choices = everything + Stakeholder.Attitude.choices

    def selector_kwargs(self) -> dict:
        """Arguments for `stakeholder_list` from whatever part of the query string is valid."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        region = Region.objects.filter(pk=data.get("region")).first() if data.get("region") else None
        hero = data.get("local_hero")
        return {
            "q": (data.get("q") or "").strip(),
            "org_type": data.get("org_type") or "",
            "region": region,
            "ring": data.get("ring"),
            "quadrant": data.get("quadrant") or "",
            "influence": data.get("influence"),
            "interest": data.get("interest"),
            "attitude": data.get("attitude") or "",
            "local_hero": {"yes": True, "no": False}.get(hero),
            "status": data.get("status") or "active",
            "sort": data.get("sort") or "name",
        }


class MapFilterForm(forms.Form):
    helper = StakeholderFilterForm.helper

    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    org_type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All"))] + region_choices()
        self.fields["org_type"].choices = [("", _("All"))] + Organization.Type.choices

    def selector_kwargs(self) -> dict:
        self.is_valid()
        region_pk = self.cleaned_data.get("region") if "region" not in self.errors else None
        return {
            "region": Region.objects.filter(pk=region_pk).first() if region_pk else None,
            "org_type": self.cleaned_data.get("org_type") or "" if "org_type" not in self.errors else "",
        }


class StakeholderForm(forms.ModelForm):
    """Create/edit a person. A new organisation can be named here instead of picked."""

    new_organization = forms.CharField(
        label=_("…or a new organisation"), required=False, max_length=200, help_text=_("Leave empty to use the list.")
    )
    new_organization_type = forms.ChoiceField(
        label=_("Type of the new organisation"), required=False, choices=Organization.Type.choices
    )
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person, save anyway"), required=False
    )

    class Meta:
        model = Stakeholder
        field_classes = {"region": RegionChoiceField}
        fields = [
            "name",
            "position",
            "organization",
            "new_organization",
            "new_organization_type",
            "region",
            "phone",
            "email",
            "language",
            "is_local_hero",
            "is_key_contact",
            "influence",
            "interest",
            "attitude",
            "consent_date",
            "consent_channel",
            "consent_notice_version",
        ]
        widgets = {
            "consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }
        help_texts = {
            "phone": _("Indonesian number, e.g. 0812-5001-0001."),
            "influence": _("1 (little) to 5 (decisive): how much they can affect our programs."),
            "interest": _("1 (little) to 5 (very): how much our programs affect them."),
            "consent_date": _("Required when a phone number or e-mail address is stored (UU PDP)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.select_related("region")
        self.fields["region"].queryset = regions_at(Region.Level.DISTRICT, Region.Level.SUBDISTRICT)
        self.fields["region"].required = True
        # Messages to most people are in Indonesian: a form (or a client) that leaves it out keeps that.
        self.fields["language"].required = False
        self.duplicates = []

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the person's name."))
        return name

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhone:
            raise forms.ValidationError(
                _("Not an Indonesian phone number: write it like 0812-5001-0001 or +62 812 5001 0001.")
            ) from None

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or Stakeholder._meta.get_field("language").default

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("new_organization") and data.get("organization"):
            self.add_error("new_organization", _("Pick an organisation from the list or name a new one, not both."))
        if (data.get("phone") or data.get("email")) and not data.get("consent_date"):
            self.add_error(
                "consent_date", _("Record when the person agreed to us storing their phone number or e-mail address.")
            )
        if (data.get("phone") or data.get("email")) and not data.get("consent_channel"):
            self.add_error("consent_channel", _("Record how the person gave their consent (form, letter, message…)."))
        return data


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["date", "kind", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 1}),
        }


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("CSV or XLSX, with the columns of the template (first row: headers).")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        field_classes = {"region": RegionChoiceField}
        fields = ["name", "type", "region", "address", "notes", "partner_status", "partner_status_year"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"partner_status": _("For fostered partners (mitra binaan) and the groups we mentor.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_at()

    def clean(self):
        data = super().clean()
        if data.get("partner_status") and not data.get("partner_status_year"):
            self.add_error("partner_status_year", _("Give the year the status changed."))
        year = data.get("partner_status_year")
        if year and not 1990 <= year <= 2100:
            self.add_error("partner_status_year", _("Enter a year such as 2024."))
        return data
