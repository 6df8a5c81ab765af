"""The form for a new inclusive-care review: the review itself, and one formset row per checklist item.

The checklist's questions are fixed rows (their area and question travel as hidden fields); two blank
rows at the end let the clinic add items of its own. Owners are chosen from the clinic's active staff,
loaded once for the whole formset rather than once per row.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import dates
from core.dates import DateBoundsMixin

from .models import CareArea, ItemStatus

SUMMARY_MAX_LENGTH = 5000
NEXT_STEP_MAX_LENGTH = 2000
CUSTOM_ROWS = 2
MAX_ITEMS = 200


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ReviewForm(DateBoundsMixin, forms.Form):
    date_bounds = {"reviewed_on": dates.WRITTEN}

    reviewed_on = forms.DateField(label=_("Date of this review"), widget=DateInput)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("What changed since the last review, and what the team wants to focus on next."),
        widget=forms.Textarea(attrs={"rows": 3, "data-language-check": ""}),
    )
    # The newest review when the form was opened: saving after someone else saved one is caught.
    last_saved = forms.CharField(required=False, widget=forms.HiddenInput)


class ItemForm(DateBoundsMixin, forms.Form):
    date_bounds = {"due_on": dates.DUE}
    carried_over = ("due_on",)  # an item's due date from the last review, kept as it was, is not checked again

    area = forms.ChoiceField(label=_("Area"), choices=[("", _("Choose an area")), *CareArea.choices])
    question = forms.CharField(label=_("Item"), max_length=300)
    status = forms.ChoiceField(
        label=_("Where we are"),
        choices=[("", _("Choose one")), *ItemStatus.choices],
        error_messages={"required": _("Choose where the clinic stands on this item.")},
    )
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=NEXT_STEP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "data-language-check": ""}),
    )
    owner = forms.ChoiceField(
        label=_("Who owns it"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "The owner must be an active therapist or admin of your clinic. Choose someone from the list."
            )
        },
    )
    due_on = forms.DateField(label=_("Due by"), required=False, widget=DateInput)

    def __init__(self, *args, staff, fixed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed = fixed  # one of the checklist's rows (area and question not typed here)
        self.staff = {str(member.pk): member for member in staff}
        self.fields["owner"].choices = [("", _("No one yet")), *((key, str(m)) for key, m in self.staff.items())]
        if fixed:
            self.fields["area"].widget = forms.HiddenInput()
            self.fields["question"].widget = forms.HiddenInput()
        else:
            self.fields["question"].label = _("Your own item")
        self.owner_left = bool(self.initial.get("owner_left"))

    def clean_owner(self):
        return self.staff.get(self.cleaned_data["owner"])

    def item_data(self):
        """The row as the service saves it, or None for a blank extra row."""
        if not self.cleaned_data:
            return None
        fields = ("area", "question", "status", "next_step", "owner", "due_on")
        return {name: self.cleaned_data[name] for name in fields}


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, staff, **kwargs):
        self.staff = list(staff)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"staff": self.staff, "fixed": index is not None and index < self.initial_form_count()}

    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("A review needs at least one item."))

    def items(self):
        return [data for data in (form.item_data() for form in self.forms) if data is not None]


ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=CUSTOM_ROWS,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)
