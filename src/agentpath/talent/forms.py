from django import forms
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Transition


class NominationForm(forms.Form):
    transition = forms.ModelChoiceField(label=_("Move"), queryset=Transition.objects.none(),
                                        widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}))

    def __init__(self, options, *args, **kwargs):
        super().__init__(*args, **kwargs)
        transitions = [o.transition for o in options]
        self.fields["transition"].queryset = Transition.objects.filter(pk__in=[t.pk for t in transitions])
        names = {t.pk: t.to_position.display_name if t.to_position else t.to_level.display_name for t in transitions}
        self.fields["transition"].label_from_instance = lambda t: names.get(t.pk, str(t))
