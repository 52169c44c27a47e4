"""The reader's pages. Thin: reads come from selectors, presentation from templates."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import Truncator

from kabar.articles.selectors import article_get, article_list
from kabar.engagement.visits import view_record
from kabar.stories.selectors import story_for_article, top_stories
from kabar.web import links, pagecache
from kabar.web.selectors import group_get, latest_by_group, source_get

PER_PAGE = 20
HOME_PER_GROUP = 10
HOME_TOP_STORIES = 6
DESCRIPTION_CHARS = 200


def home(request):
    context = {
        "top_stories": top_stories(limit=HOME_TOP_STORIES),
        "sections": latest_by_group(per_group=HOME_PER_GROUP),
    }
    return render(request, "web/home.html", context)


def article(request, pk: int, slug: str):
    # An anonymous reader may get the page another one got a moment ago (see kabar/web/pagecache.py).
    # Only a page built for the right slug is stored, so a wrong slug still redirects.
    key = pagecache.page_key(request, "article", pk, slug)
    cached = pagecache.page_get(request, key)
    if cached is not None:
        view_record(request=request, article_id=pk)
        return cached
    item = article_get(pk=pk)
    if item is None:
        raise Http404
    if slug != item.slug:
        return redirect(item, permanent=True)
    # Buffered in memory and flushed in batches (see kabar/engagement/visits.py): no write here.
    view_record(request=request, article_id=item.pk)
    paragraphs = item.paragraphs or ([item.summary] if item.summary.strip() else [])
    description = item.summary.strip() or (paragraphs[0] if paragraphs else "")
    image = links.image_src(item.image_url)
    context = {
        "article": item,
        "paragraphs": paragraphs,
        "description": Truncator(" ".join(description.split())).chars(DESCRIPTION_CHARS),
        "canonical_url": request.build_absolute_uri(item.get_absolute_url()),
        "image_src": image,
        "og_image": links.absolute(request, image),
        "source_url": links.external_link(item.url),
        "also_reported": story_for_article(item),
    }
    return pagecache.page_render(request, "web/article.html", context, key)


def source(request, slug: str):
    found = source_get(slug=slug)
    if found is None:
        raise Http404
    page = _page(request, article_list(source=found))
    return render(request, "web/article_list.html", {"heading": found.name, "page": page, "source": found})


def group(request, slug: str):
    found = group_get(slug=slug)
    if found is None:
        raise Http404
    page = _page(request, article_list(group=found))
    return render(request, "web/article_list.html", {"heading": found.name, "page": page, "group": found})


def _page(request, queryset):
    """The ``?hal=N`` page; a page that is not a number or out of range is a 404, not a guess."""
    try:
        return Paginator(queryset, PER_PAGE).page(request.GET.get("hal", 1))
    except InvalidPage:
        raise Http404 from None
