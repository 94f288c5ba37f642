"""Trainer profiles: the list for HR and center managers (scoped by center), and one trainer's profile with the
trainer path from the framework; HR edits every field, the trainer their own bio and specialties."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agentpath.common.spreadsheets import xlsx_response

from . import services, trainers
from .models import TrainerProfile


class TrainerProfileForm(forms.ModelForm):
    class Meta:
        model = TrainerProfile
        fields = list(trainers.HR_FIELDS)
        widgets = {"since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # the browser's date field
                   "bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, editable=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")


@require_safe
@login_required
def trainer_list(request):
    if not trainers.can_list_trainers(request.user):
        raise Http404
    rows = trainers.trainer_rows(request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response("trainers.xlsx", [_("username"), _("name"), _("centers"), _("trainer path step"),
                                               _("specialties"), _("trainer since"), _("sessions"),
                                               _("hours taught"), _("mean rating")],
                             ([r["trainer"].username, r["name"], r["centers"],
                               r["profile"].get_step_display() if r["profile"] else "",
                               r["profile"].specialties if r["profile"] else "",
                               r["profile"].since if r["profile"] else None, r["sessions"], r["hours"], r["rating"]]
                              for r in rows), sheet_title=_("trainers"))
    return render(request, "learning/trainer_list.html", {"rows": rows, "nav_active": "training"})


@login_required
@require_http_methods(["GET", "POST"])
def trainer_profile(request, username):
    trainer = trainers.profile_trainer_for(request.user, username)
    profile = trainers.profile_of(trainer)
    editable = trainers.editable_fields(request.user, trainer)
    form = TrainerProfileForm(request.POST or None, instance=profile or TrainerProfile(user=trainer),
                              editable=editable)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Only HR and the trainer themself edit a trainer profile."))
        if form.is_valid():
            try:
                services.save_trainer_profile(request.user, trainer, {f: form.cleaned_data[f] for f in form.fields})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The trainer profile is saved."))
                return redirect("learning:trainer-profile", username=trainer.username)
    return render(request, "learning/trainer_profile.html", {
        "trainer": trainer, "trainer_name": trainers.trainer_name(trainer), "profile": profile, "form": form if editable else None,
        "can_list": trainers.can_list_trainers(request.user),
        "nav_active": "training"})
