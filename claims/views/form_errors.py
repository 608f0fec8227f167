"""One way a page shows a service's refusal: as the form's error, what the user typed kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms

from verify.exceptions import ApplicationError


@contextmanager
def service_errors_to_form(form: forms.BaseForm) -> Iterator[None]:
    """Run the service call inside; an ApplicationError it raises becomes ``form``'s error — on
    the field it names (``extra["field"]``) when the form has that field, else on the whole form —
    and the block is left. Other errors pass. After the block, ``form.errors`` tells which it was::

        with service_errors_to_form(form):
            workflow.evidence_add(...)
            return redirect(...)          # reached only when the service accepted
        return render(..., status=400)    # the form shows the service's message
    """
    try:
        yield
    except ApplicationError as exc:
        add_service_error(form, exc)


def add_service_error(form: forms.BaseForm, exc: ApplicationError) -> None:
    """``exc`` as ``form``'s error: on the field it names when the form has it, else the form's."""
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, str(exc))
