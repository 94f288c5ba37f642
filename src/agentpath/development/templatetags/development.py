from django import template

from agentpath.development import selectors

register = template.Library()


@register.inclusion_tag("development/_radar.html")
def anchor_radar(profile, employee):
    return {"radar": {"names": [str(a.name) for a, _score in profile["scores"]],
                      "scores": [score for _a, score in profile["scores"]], "title": employee.name}}


@register.inclusion_tag("development/_profile_summary.html", takes_context=True)
def development_summary(context, employee):
    """The profile file's section: latest top anchors and the current IDP, if the viewer may see this plan."""
    user = context["request"].user
    visible = selectors.subjects_for(user).filter(pk=employee.pk).exists()
    if not visible:
        return {"employee": employee, "visible": False}
    return {"employee": employee, "visible": True, "profile": selectors.anchor_profile(employee),
            "plan": selectors.plan_of(employee), "idp": selectors.current_idp(employee)}


@register.inclusion_tag("development/_growth_idp.html", takes_context=True)
def idp_growth(context, employee):
    """The growth file's IDP card: status, progress and actions, if the viewer may see this plan."""
    user = context["request"].user
    if not selectors.subjects_for(user).filter(pk=employee.pk).exists():
        return {"employee": employee, "visible": False}
    idp = selectors.current_idp(employee)
    return {"employee": employee, "visible": True, "idp": idp, "progress": selectors.idp_progress(idp),
            "actions": sorted(idp.actions.all(), key=lambda a: (a.due_date, a.pk)) if idp else []}
