"""One way a page shows a service's refusal: as the form's error, what the user typed kept, with the
refusal's own HTTP status (``ApplicationError.status``: 409 for a move the claim's state does not allow,
403 for a role that may not, 413 for an input too large; 400 for a form's own errors)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms

from verify.exceptions import ApplicationError

# A form's own validation errors (a field missing, a value out of range).
FORM_ERROR_STATUS = 400


@contextmanager
def service_errors_to_form(form: forms.BaseForm) -> Iterator[None]:
    """Run the service call inside; an ApplicationError it raises becomes ``form``'s error — on
    the field it names (``extra["field"]``) when the form has that field, else on the whole form —
    and the block is left. Other errors pass. After the block, ``form.errors`` tells which it was,
    and ``error_status`` the status to answer with::

        with service_errors_to_form(form):
            workflow.evidence_add(...)
            return redirect(...)                        # reached only when the service accepted
        return render(..., status=error_status(form))   # the form shows the service's message
    """
    try:
        yield
    except ApplicationError as exc:
        add_service_error(form, exc)


def add_service_error(form: forms.BaseForm, exc: ApplicationError) -> None:
    """``exc`` as ``form``'s error: on the field it names when the form has it, else the form's.
    The form keeps the refusal's status for ``error_status``."""
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, str(exc))
    form.refusal_status = exc.status  # type: ignore[attr-defined]  # read by error_status


def error_status(*forms_shown: forms.BaseForm | None) -> int:
    """The status of a page showing ``forms_shown`` (None: a form not shown): 200 when none has an
    error; else the status of the service refusal one of them shows, or 400 for a form's own errors."""
    refused = [form for form in forms_shown if form is not None and form.errors]
    if not refused:
        return 200
    return next((form.refusal_status for form in refused if hasattr(form, "refusal_status")), FORM_ERROR_STATUS)
