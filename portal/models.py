import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


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
