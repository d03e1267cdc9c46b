"""The page shell every view renders through, and the 400 and 500 pages."""

from django.http import HttpResponseServerError
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template import loader


def render_page(request, template, *, title, breadcrumbs=(), form=None, status=200, **context):
    """Render a page in the NHS layout. ``breadcrumbs`` are the ancestors of the page."""
    context.update(
        page_title=title,
        breadcrumbs=list(breadcrumbs),
        form=form,
        page_has_errors=bool(form is not None and form.errors),
    )
    return render(request, template, context, status=status)


def bad_request(request, exception=None):
    """The 400 page: the address or form sent a value the page never offers (a query
    parameter edited by hand, a link cut short). Says what to do, not what broke."""
    return render_page(
        request,
        "errors/problem.jinja",
        title="There is a problem with this page's address",
        status=400,
        paragraphs=[
            "The link you followed, or the address you typed, asks for something this page does not offer.",
            "Go back and use the page's own links, filters and buttons.",
        ],
    )


def server_error(request=None):
    """The 500 page, in the NHS layout. Something failed that the page did not expect, and the
    database may be what failed: the page is drawn without the request's context (no signed-in
    user, no menu, no query at all), only its nonce and its reference for the support desk."""
    page = loader.get_template("errors/problem.jinja").render({
        "page_title": "Sorry, there is a problem with the service",
        "csp_nonce": get_nonce(request) if request is not None else None,
        "reference": getattr(request, "request_id", ""),
        "paragraphs": [
            "The page could not be shown. If you were saving something, it may not have been saved.",
        ],
        "next_steps": [
            "Go back, wait a minute and try again.",
            "Before you enter something again, open the record to check whether it was saved.",
            "If a child may be at risk now and you cannot see what you need, do not wait: ring your "
            "safeguarding team or the council's MASH, as you would without ThinkFamily.",
        ],
    })
    return HttpResponseServerError(page)
