from django.core.exceptions import ValidationError


def add_errors(form, exc: ValidationError) -> None:
    """A rule a service refused, shown on the form: on its field where the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
