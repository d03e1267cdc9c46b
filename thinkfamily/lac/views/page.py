"""What the pages about a looked-after child's health plan, SDQ scores and health passport
share: the child reached through AccessScope (which audits the read and refuses without a
legitimate relationship), to read, or to record by those who record looked-after children's
health (children-in-care nurses, the looked-after children's medical team and health
visitors); and the page with one form."""

from thinkfamily.access.scoping import AccessScope
from thinkfamily.lac.services.plans import require_writer
from thinkfamily.people.views.page import FORM_TEMPLATE, person_page
from thinkfamily.people.views.page import crumbs as record_crumbs


def open_child(request, person_id, *, write=False):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=write)
    if write:
        require_writer(request.user)
    return scope, access


def child_form_page(request, access, form, *, title, heading, submit_text, crumbs=(), intro=""):
    """A page with one form about the child, under the child's record (and ``crumbs``)."""
    return person_page(
        request, FORM_TEMPLATE, access, title=title, form=form, breadcrumbs=[*record_crumbs(access.person), *crumbs],
        heading=heading, intro=intro, submit_text=submit_text,
    )
