"""What the search cluster missed while it was away: one row per object whose change (publish,
edit, unpublish, delete) could not be sent to the cluster. The row names the object, not the
change: when the cluster is back, the object is sent as it is then, or deleted from the index
if it is gone or no longer indexed (search/cluster.py)."""

from django.db import models


class PendingSearchUpdate(models.Model):
    model = models.CharField(max_length=100)  # "app_label.modelname" of the indexed class
    object_id = models.CharField(max_length=64)
    queued_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="search_pending_once")
        ]
        ordering = ["queued_at"]

    def __str__(self):
        return f"{self.model} {self.object_id}"
