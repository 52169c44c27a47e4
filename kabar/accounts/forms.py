"""Account forms. Labels and messages are English msgids with Indonesian translations
(locale/id); Django's own validators bring their Indonesian messages with them."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kabar.accounts.throttle import login_failed, login_succeeded, login_wait_seconds

User = get_user_model()


class RegisterForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    class Meta:
        model = User
        fields = ["username", "email"]
        labels = {"username": _("Username"), "email": _("Email")}
        help_texts = {
            "username": _("At most 150 characters: letters, digits and @ . + - _ only."),
        }
        widgets = {
            "username": forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        # Django's uniqueness check is case-sensitive; "Hanako" and "hanako" would be two readers.
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("That username is already taken."), code="username_taken")
        return username

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this email already exists."), code="email_taken")
        return email

    def _post_clean(self):
        super()._post_clean()
        # After the model fields are on self.instance, so the similarity validator can compare them.
        password = self.cleaned_data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as error:
                self.add_error("password", error)


class LoginForm(AuthenticationForm):
    """Django's login form behind the throttle; a blocked attempt never reaches the password check."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Upper and lower case letters count."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        wait = login_wait_seconds(ip=ip, username=username)
        if wait:
            minutes = max(1, -(-wait // 60))
            raise ValidationError(
                ngettext(
                    "Too many failed attempts; try again in %(minutes)d minute.",
                    "Too many failed attempts; try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username and self.cleaned_data.get("password"):
                login_failed(ip=ip, username=username)
            raise
        login_succeeded(username=username)
        return cleaned


class PasswordForm(PasswordChangeForm):
    """Django's password change form; only the autocomplete hints are ours."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.update({"autocomplete": "current-password"})
