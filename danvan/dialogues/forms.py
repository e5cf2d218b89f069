"""Forms of the dialogue screens. They parse input only; the rules are checked by the
services, whose errors the views put back on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.dialogues.models import DialogueKind, DialogueStatus

CHOOSE = ("", _("— Tất cả —"))


class DialogueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=[CHOOSE, *DialogueKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[CHOOSE, *DialogueStatus.choices]
    )
    overdue = forms.BooleanField(label=_("Có cam kết quá hạn"), required=False)
