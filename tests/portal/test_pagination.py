"""The page links under a list stay short however long the list is."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def links(count_pages: int, number: int) -> str:
    page = Paginator(range(count_pages * 10), 10).page(number)
    return render_to_string(
        "portal/includes/pagination.html", {"page_obj": page, "querystring": "q=x"}
    )


def test_twenty_thousand_pages_draw_a_handful_of_links():
    html = links(20_000, 10_000)
    assert html.count('class="page-item') < 15
    for number in (1, 9_998, 9_999, 10_001, 10_002, 20_000):
        assert f"page={number}" in html
    assert "page=5000" not in html and "page=2&" not in html
    assert html.count("…") == 2
    assert 'aria-current="page"><span class="visually-hidden">Page </span>10000' in html
    # The filters stay in every link.
    assert "?q=x&amp;page=10001" in html
    # The same size as a list of a hundred pages, not in proportion to the pages.
    assert len(html) < 2 * len(links(100, 50))


def test_short_lists_link_every_page_and_one_page_draws_nothing():
    html = links(5, 3)
    assert "…" not in html
    assert all(f"page={n}" in html for n in (1, 2, 4, 5))
    assert links(1, 1).strip() == ""
