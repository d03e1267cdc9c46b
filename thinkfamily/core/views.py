"""The page shell every view renders through, and the 400 page."""

from django.shortcuts import render


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
