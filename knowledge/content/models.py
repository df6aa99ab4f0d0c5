"""What the content loader remembers between runs."""

from django.db import models


class LoadedContent(models.Model):
    """What `load_content` last wrote for one item in one language, so that a second run
    changes nothing and an editor's change in the admin is recognised and kept."""

    object_type = models.CharField(max_length=40)
    translation_key = models.UUIDField()
    language_code = models.CharField(max_length=8)
    source_digest = models.CharField(max_length=64)
    state_digest = models.CharField(max_length=64, blank=True)
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "translation_key", "language_code"],
                name="unique_loaded_content",
            )
        ]

    def __str__(self):
        return f"{self.object_type} {self.translation_key} {self.language_code}"
