from django import forms
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from thinkfamily.access import two_factor

PENDING_USER = "two_factor_pending_user"
PENDING_NEXT = "two_factor_pending_next"
PENDING_FAILURES = "two_factor_failures"
MAX_CODE_FAILURES = 5


def render_page(request, template, *, title, breadcrumbs=(), form=None, status=200, **context):
    """Render a page in the NHS layout. ``breadcrumbs`` are the ancestors of the page."""
    context.update(
        page_title=title,
        breadcrumbs=list(breadcrumbs),
        form=form,
        page_has_errors=bool(form is not None and form.errors),
    )
    return render(request, template, context, status=status)


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Username and password; then, for accounts that have set one up, a code from the
    authenticator app before the session is signed in."""

    template_name = "registration/sign_in.jinja"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            page_title="Sign in",
            breadcrumbs=[],
            page_has_errors=bool(form.errors),
            timed_out="timeout" in self.request.GET,
        )
        return context

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device_for(user) is None:
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_USER] = user.pk
        self.request.session[PENDING_NEXT] = self.get_success_url()
        self.request.session[PENDING_FAILURES] = 0
        return redirect("sign_in_code")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    user_id = request.session.get(PENDING_USER)
    if user_id is None:
        return redirect("login")
    user = get_user_model().objects.get(pk=user_id)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.confirmed_device_for(user)
        if device is not None and two_factor.verify(device, form.cleaned_data["code"]):
            next_url = request.session.get(PENDING_NEXT) or reverse("home")
            for key in (PENDING_USER, PENDING_NEXT, PENDING_FAILURES):
                request.session.pop(key, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("home")
            return redirect(next_url)
        failures = request.session.get(PENDING_FAILURES, 0) + 1
        request.session[PENDING_FAILURES] = failures
        if failures >= MAX_CODE_FAILURES:
            request.session.flush()
            return redirect(reverse("login") + "?code_failures=1")
        form.add_error("code", "The code is not right, or has already been used. Enter the current code.")
    return render_page(request, "registration/sign_in_code.jinja", title="Enter your code", form=form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when an account or address is locked out."""
    return render_page(request, "registration/locked_out.jinja", title="Sign-in locked", status=429)


class SignOutView(auth_views.LogoutView):
    """GET shows a confirmation button (sign-out must be a POST, protected by CSRF)."""

    template_name = "registration/signed_out.jinja"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render_page(request, "registration/sign_out.jinja", title="Sign out")


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
    )
