"""Sign-in pages: Django's own views, with the password-reset e-mail sent from the queue."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.template import loader
from django.urls import reverse_lazy

from .forms import PortalFormMixin
from .jobs import QueueUnavailable, queue_now, queue_reachable
from .tasks import send_email

NOT_SENT = "We could not send the e-mail just now; please try again in a few minutes."


class QueuedPasswordResetForm(PortalFormMixin, auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,  # noqa: ARG002  (Django's signature: the mail goes from DEFAULT_FROM_EMAIL)
        to_email,
        html_email_template_name=None,  # noqa: ARG002  (plain-text mail only)
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        # Queued at once, not on commit: the page must know whether it was sent. The reset
        # writes nothing, so there is no transaction to wait for.
        queue_now(send_email, subject=subject, body=body, to=[to_email])


class PasswordResetView(auth_views.PasswordResetView):
    """Says "sent" only when the e-mail is on the queue. The queue is checked whether or not
    the address has an account, so the answer never tells which addresses do."""

    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        try:
            if not queue_reachable():
                raise QueueUnavailable("the task queue did not answer")
            return super().form_valid(form)
        except QueueUnavailable:
            form.add_error(None, NOT_SENT)
            return self.form_invalid(form)


# Django's own sign-in forms, with the checks every portal form makes.
class LoginForm(PortalFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(PortalFormMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(PortalFormMixin, auth_forms.SetPasswordForm):
    pass
