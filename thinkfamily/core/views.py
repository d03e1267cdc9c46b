from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator


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
    template_name = "registration/sign_in.jinja"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(page_title="Sign in", breadcrumbs=[], page_has_errors=bool(form.errors))
        return context


class SignOutView(auth_views.LogoutView):
    """GET shows a confirmation button (sign-out must be a POST, protected by CSRF)."""

    template_name = "registration/signed_out.jinja"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render_page(request, "registration/sign_out.jinja", title="Sign out")
