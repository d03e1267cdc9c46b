"""After an administrator's reset, the one-time password opens only "Change your password"."""

from django.shortcuts import redirect

MUST_CHANGE_PASSWORD = "must_change_password"
# What a practitioner may still reach before choosing their own password.
ALLOWED_BEFORE_CHANGE = {"change_password", "sign_out", "keep_alive"}


class PasswordChangeRequiredMiddleware:
    """Sends every page to "Change your password" while the session was signed in with a
    one-time password (a flag set at sign-in, so no query on each request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not request.session.get(MUST_CHANGE_PASSWORD):
            return None
        if request.resolver_match is not None and request.resolver_match.url_name in ALLOWED_BEFORE_CHANGE:
            return None
        return redirect("change_password")
