"""What the comment forms may carry. The text itself is judged by services.comment_body_clean."""

from __future__ import annotations

from django import forms

MAX_ID = 2**63 - 1
RAW_MAX_CHARS = 20_000  # generous: the service gives the precise "at most 5,000" message


class CommentForm(forms.Form):
    body = forms.CharField(required=False, strip=False, max_length=RAW_MAX_CHARS)
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    # The comment whose "Reply" form was used; a reply to a reply is filed under its thread's parent.
    target = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    # Honeypot: hidden from people (CSS, aria-hidden, no tab stop); form-filling bots fill it in.
    situs = forms.CharField(required=False, max_length=RAW_MAX_CHARS)


class EditForm(forms.Form):
    body = forms.CharField(required=False, strip=False, max_length=RAW_MAX_CHARS)
