"""Page links for long lists: the first and last pages, a few either side of this one, and an
ellipsis between, so a list of 20,000 pages costs the same to draw as one of 20."""

from django import template

register = template.Library()


@register.simple_tag
def page_links(page_obj, on_each_side: int = 2, on_ends: int = 1):
    """The page numbers to link, with ``None`` where pages are left out."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    ]
