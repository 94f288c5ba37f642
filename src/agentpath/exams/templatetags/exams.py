from django import template

from agentpath.exams import selectors

register = template.Library()


@register.inclusion_tag("exams/_growth_exams.html", takes_context=True)
def exam_history(context, employee):
    """The growth file's exams: score, date and the link to the review, as the exam's review options allow."""
    return {"attempts": selectors.exam_history(context["request"].user, employee)}
