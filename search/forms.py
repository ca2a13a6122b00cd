from django import forms

from portal.forms import PortalForm

from .documents import KIND_CHOICES
from .query import MAX_QUERY, words_of


class SearchForm(PortalForm):
    q = forms.CharField(
        label="Search the portal",
        required=False,
        max_length=MAX_QUERY,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text='Words to find. Put a phrase in "quotes"; -word leaves a word out.',
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters (you typed "
            "%(show_value)d)."
        },
    )
    kind = forms.ChoiceField(
        label="Kind of record", required=False, choices=[("", "Everything"), *KIND_CHOICES]
    )
    date_from = forms.DateField(
        label="Dated from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Dated to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not words_of(text):
            raise forms.ValidationError("Search for words or numbers, not punctuation alone.")
        return text

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must not be before the start date.")
        return cleaned
