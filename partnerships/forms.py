from django import forms

from .models import Organisation
from .services import ORGANISATION_FIELDS


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="The full address, e.g. https://www.cheshireeast.gov.uk",
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {"active": "Active partner"}
