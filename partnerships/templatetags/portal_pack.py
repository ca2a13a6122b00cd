from django import template

from ..sections import render_sections

register = template.Library()


@register.simple_tag
def live_sections(report):
    """The live sections an officer chose for ``report``: the same HTML on screen and in PDF."""
    return render_sections(report)
