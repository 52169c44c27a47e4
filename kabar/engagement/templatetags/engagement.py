"""{% like_area article %}, {% comments_section article %}, {% share_buttons article url %} and the
``comment_html`` filter for the article page.

Inclusion tags render inside the page's own context (no second run of the context processors);
the CSRF token comes along by itself, the reader and the request are passed on explicitly.
"""

from __future__ import annotations

from django import template

from kabar.engagement import context as ctx
from kabar.engagement.text import comment_html as _comment_html

register = template.Library()


def _page(context) -> dict:
    return {"request": context["request"], "user": context["user"], "messages": context.get("messages", ())}


@register.inclusion_tag("engagement/like_area.html", takes_context=True)
def like_area(context, article):
    return {**_page(context), **ctx.like_context(context["request"], article)}


@register.inclusion_tag("engagement/comments.html", takes_context=True)
def comments_section(context, article):
    return {**_page(context), **ctx.comments_context(context["request"], article)}


@register.inclusion_tag("engagement/share.html", takes_context=True)
def share_buttons(context, article, url):
    return {**_page(context), **ctx.share_context(context["request"], article, url)}


@register.filter(is_safe=True)
def comment_html(text):
    return _comment_html(str(text))
