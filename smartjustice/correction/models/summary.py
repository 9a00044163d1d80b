"""Summary tables for the cockpit (驾驶舱): counters kept up to date by the services, so the
cockpit never scans raw location rows."""
from django.db import models


class DailyMetric(models.Model):
    """A count for one office, one day and one metric (e.g. "check_ins", "alerts.false")."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    metric = models.CharField(max_length=60)
    value = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "day", "metric"], name="correction_metric_once")]
        indexes = [models.Index(fields=["metric", "day"])]

    def __str__(self) -> str:
        return f"{self.org_id} {self.day} {self.metric}={self.value}"
