from django import forms

from .models import Organisation
from .services import ORGANISATION_FIELDS


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {"active": "Active partner"}
