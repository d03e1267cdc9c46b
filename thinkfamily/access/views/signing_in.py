"""Signing in and out: the password, the one-time code of two-step sign-in, a locked-out
account, changing a password, keeping an idle session alive, and setting up two-step sign-in."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from thinkfamily.access import lockout, services, two_factor
from thinkfamily.access.middleware import MUST_CHANGE_PASSWORD
from thinkfamily.access.models import PasswordReset
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import Form, apply_validation_error
from thinkfamily.core.views import render_page
from thinkfamily.demo import guide as demo_guide

PENDING_USER = "two_factor_pending_user"
PENDING_NEXT = "two_factor_pending_next"


def _signed_in(request, user, *, step: str) -> None:
    """After ``login``: audit the sign-in, and hold a session signed in with a one-time
    password to "Change your password"."""
    Auditor.from_request(request).sign_in(step=step, address=lockout.client_address(request))
    if PasswordReset.objects.filter(practitioner=user).exists():
        request.session[MUST_CHANGE_PASSWORD] = True


def _sign_in_failed(request, username: str, *, step: str, locked_out: bool) -> None:
    Auditor.from_request(request).sign_in_failed(
        username, step=step, address=lockout.client_address(request), locked_out=locked_out
    )


class SignInForm(Form, AuthenticationForm):
    """Django's sign-in form, with the app's text rule (core.forms.Form). Django's form sets
    the username's maximum length after the field is built, which only tells the browser:
    without this validator a 10,000-character username went on to ``authenticate`` and into
    django-axes' table (a 500 on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators = [*username.validators, MaxLengthValidator(username.max_length)]


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Username and password; then, for accounts that have set one up, a code from the
    authenticator app before the session is signed in. Every attempt is audited; failures
    count towards the lock-out (django-axes, thinkfamily/access/lockout.py)."""

    template_name = "registration/sign_in.jinja"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            page_title="Sign in",
            breadcrumbs=[],
            page_has_errors=bool(form.errors),
            timed_out="timeout" in self.request.GET,
            # While the demo data is loaded (never in production): who to sign in as, what each
            # can open (asked of the access rules) and the story to try (demo.guide).
            demo_guide=demo_guide.entries(),
            demo_password=demo_guide.PASSWORD,
        )
        return context

    def form_invalid(self, form):
        locked_out = bool(getattr(self.request, "axes_locked_out", False))
        _sign_in_failed(self.request, form.data.get("username", ""), step="password", locked_out=locked_out)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device_for(user) is None:
            response = super().form_valid(form)
            _signed_in(self.request, user, step="password")
            return response
        self.request.session.cycle_key()
        self.request.session[PENDING_USER] = user.pk
        self.request.session[PENDING_NEXT] = self.get_success_url()
        return redirect("sign_in_code")


class CodeForm(Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The second step. A wrong code counts towards the lock-out like a wrong password (before,
    five wrong codes only ended the sign-in, and the password started another: 40 guesses in
    5 seconds), and nothing is checked while the account or the address is locked."""
    user_id = request.session.get(PENDING_USER)
    if user_id is None:
        return redirect("login")
    user = get_user_model().objects.get(pk=user_id)
    username = user.get_username()
    if lockout.is_locked_out(request, username):
        request.session.flush()
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.confirmed_device_for(user)
        if device is not None and two_factor.verify(device, form.cleaned_data["code"]):
            next_url = request.session.get(PENDING_NEXT) or reverse("home")
            for key in (PENDING_USER, PENDING_NEXT):
                request.session.pop(key, None)
            login(request, user, backend="thinkfamily.access.backends.PractitionerBackend")
            _signed_in(request, user, step="code")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("home")
            return redirect(next_url)
        now_locked = lockout.record_failure(request, username)
        _sign_in_failed(request, username, step="code", locked_out=now_locked)
        if now_locked:
            request.session.flush()
            return locked_out(request)
        form.add_error("code", "The code is not right, or has already been used. Enter the current code.")
    return render_page(request, "registration/sign_in_code.jinja", title="Enter your code", form=form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when an account or address is locked out."""
    return render_page(
        request,
        "registration/locked_out.jinja",
        title="Sign-in locked",
        status=429,
        minutes=settings.AXES_COOLOFF_MINUTES,
    )


class ChangePasswordForm(Form):
    current_password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password."},
    )
    new_password = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Use 12 characters or more. Putting three or more random words together makes a strong "
        "password that is easy to remember. Do not use a password you use anywhere else.",
        error_messages={"required": "Enter a new password."},
    )
    new_password_again = forms.CharField(
        label="Type your new password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type your new password again."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_password(self):
        """Said here as well as by the service, so that every problem shows at once."""
        new = self.cleaned_data["new_password"]
        validate_password(new, self.user)
        return new

    def clean(self):
        data = super().clean()
        current, new, again = (data.get(name) for name in ("current_password", "new_password", "new_password_again"))
        if new and again and new != again:
            self.add_error(
                "new_password_again", "The new passwords do not match. Type the same password in both boxes."
            )
        elif new and current and new == current:
            self.add_error("new_password", "Your new password must be different from your current password.")
        return data


@require_http_methods(["GET", "POST"])
def change_password(request):
    """Any signed-in practitioner changes their own password. A wrong current password counts
    towards the lock-out (someone at an unlocked PC cannot guess it without end); once
    locked, the session is signed out."""
    user = request.user
    username = user.get_username()
    must_change = bool(request.session.get(MUST_CHANGE_PASSWORD))
    form = ChangePasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and (form.is_valid() or form.cleaned_data.get("current_password")):
        if lockout.is_locked_out(request, username):
            logout(request)
            return locked_out(request)
        if not user.check_password(form.cleaned_data["current_password"]):
            now_locked = lockout.record_failure(request, username)
            _sign_in_failed(request, username, step="change password", locked_out=now_locked)
            if now_locked:
                logout(request)
                return locked_out(request)
            form.add_error("current_password", "Your current password is not right. Check it and try again.")
        elif form.is_valid():
            try:
                services.change_password(
                    Auditor.from_request(request), user, new_password=form.cleaned_data["new_password"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                update_session_auth_hash(request, user)  # this session goes on; every other one has ended
                request.session.pop(MUST_CHANGE_PASSWORD, None)
                messages.success(
                    request, "Your password has been changed. You have been signed out on any other device."
                )
                return redirect("home")
    return render_page(
        request, "registration/change_password.jinja", title="Change your password", form=form, must_change=must_change
    )


class SignOutView(auth_views.LogoutView):
    """Signing out is one POST, from the header's account menu (a form styled as its link, with
    Django's CSRF check: a GET that signed out could be sent from any other site). It ends the
    session and leads to "You have signed out". A GET (an address typed or bookmarked) only
    offers the button."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("signed_out")
        return render_page(request, "registration/sign_out.jinja", title="Sign out")

    def post(self, request, *args, **kwargs):
        logout(request)
        return redirect("signed_out")


@login_not_required
@require_http_methods(["GET"])
def signed_out(request):
    """After signing out (a page of its own, so that reloading it sends nothing again)."""
    return render_page(request, "registration/signed_out.jinja", title="You have signed out")


@require_http_methods(["POST"])
def keep_alive(request):
    """The idle warning's "Stay signed in": any request renews the session."""
    return JsonResponse({"idle_seconds": request.session.get_expiry_age()})


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    device = (
        two_factor.start_setup(request.user)
        if request.method == "GET"
        else (request.user.totp if hasattr(request.user, "totp") else two_factor.start_setup(request.user))
    )
    if device.is_confirmed:
        return render_page(request, "registration/two_factor_done.jinja", title="Two-step sign-in is on")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(device, form.cleaned_data["code"]):
            return render_page(request, "registration/two_factor_done.jinja", title="Two-step sign-in is on")
        form.add_error("code", "The code is not right. Check the time on your phone and enter the current code.")
    return render_page(
        request,
        "registration/two_factor_setup.jinja",
        title="Set up two-step sign-in",
        form=form,
        qr=two_factor.qr_svg(device),
        secret=device.secret,
        key_in_groups=two_factor.in_groups(device.secret),
    )
