import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partnerships.models import User


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(created_by=user).order_by("-created_at")

    def overdue(self, now=None):
        """Running past their deadline: the hard time limit stopped them, or their worker."""
        return self.filter(status=Job.Status.RUNNING, deadline__lt=now or timezone.now())

    def lapsed(self, now=None):
        """Running, but their worker has stopped renewing the lease: it died mid-run."""
        return self.filter(status=Job.Status.RUNNING, lease_expires_at__lt=now or timezone.now())


class Job(models.Model):
    """A piece of background work a person asked for, and how it went.

    The page that queued it shows this record; the task (see ``portal.jobs``) moves it through
    pending → running → done or failed, and keeps its output file, if any.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    INTERRUPTED = (
        "The job was interrupted (its worker stopped) before it finished. Please start it again."
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When a running job must have finished by (its task's hard time limit). A job still
    # "running" after it lost its worker is failed by the sweep in portal.tasks.jobs_expire.
    deadline = models.DateTimeField(null=True, blank=True)
    # Renewed every few seconds by the worker while it runs (portal.jobs.Lease). Once it has
    # passed, the worker is gone: the job is failed as interrupted and may be taken again.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "finished_at"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    def read_lapse(self, now=None) -> "Job":
        """A running job whose lease has lapsed is shown as failed (interrupted) at once, in
        memory, before the sweep records it: its page never says "running" for a dead worker,
        even when no worker is left to sweep."""
        now = now or timezone.now()
        if (
            self.status == self.Status.RUNNING
            and self.lease_expires_at
            and self.lease_expires_at < now
        ):
            self.status, self.message = self.Status.FAILED, self.INTERRUPTED
        return self

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class SignInEvent(models.Model):
    """One thing that happened at the door: a sign-in, a sign-out, a wrong password, a second
    factor set up, accepted, refused or reset. Written by ``portal.audit`` and never edited;
    administrators read them in the admin."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in (password accepted)"
        SIGNED_OUT = "signed_out", "Signed out"
        FAILED = "failed", "Wrong password"
        LOCKED_OUT = "locked_out", "Refused: too many wrong passwords"
        TWO_FACTOR_ENROLLED = "2fa_enrolled", "Two-factor sign-in set up"
        TWO_FACTOR_VERIFIED = "2fa_verified", "Second factor accepted"
        BACKUP_CODE_USED = "2fa_backup_code", "Backup code used"
        TWO_FACTOR_FAILED = "2fa_failed", "Wrong two-factor code"
        TWO_FACTOR_THROTTLED = "2fa_throttled", "Refused: too many wrong two-factor codes"
        TWO_FACTOR_RESET = "2fa_reset", "Two-factor sign-in reset"
        BACKUP_CODES_ISSUED = "2fa_backup_codes", "New backup codes made"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_in_events",
    )
    # The account's username at the time, or the one typed for a failed attempt (which may
    # name no account).
    username = models.CharField(max_length=150, blank=True, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    # Who did it, when it is not the person themselves (an administrator's reset).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"])]
        verbose_name = "sign-in event"

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.username or 'unknown'} at {self.at:%Y-%m-%d %H:%M}"
        )


class TwoFactorAccount(User):
    """Accounts as the admin's "Two-factor sign-in" list shows them: who has set it up, and the
    reset an administrator uses when someone has lost their device."""

    class Meta:
        proxy = True
        verbose_name = "two-factor sign-in"
        verbose_name_plural = "two-factor sign-in"
