"""Wagtail's `APIField`, with its serializer named by a dotted path.

A page type declares its API fields beside its other fields; the few that need a serializer of
their own name it here as a string, and it is built on first use by the API. So the models
never import Django REST framework, and the API package may import the models freely."""

from django.utils.module_loading import import_string
from wagtail.api import APIField as WagtailAPIField


class APIField(WagtailAPIField):
    def __init__(self, name, serializer=None, **options):
        self._options = options
        super().__init__(name, serializer)

    @property
    def serializer(self):
        if isinstance(self._serializer, str):
            self._serializer = import_string(self._serializer)(**self._options)
        return self._serializer

    @serializer.setter
    def serializer(self, value):
        self._serializer = value
