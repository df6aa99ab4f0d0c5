"""Stories as open data: CSV and GeoJSON per language (coordinates, country, themes, links).

Without `limit` a file holds every public story of the language (open data is complete), and
it is streamed: the stories are read CHUNK at a time with their themes, written and sent, so
the memory a download takes does not grow with the number of stories. Such a file has no ETag
(it would have to be made twice); `Cache-Control` lets caches keep it. With `limit` (and
`offset`) it holds that page of stories, made at once: small, with an ETag, so a partner who
asks again gets a 304 while nothing changed."""

import csv
import io
import json
from itertools import islice

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from .choice import ChoiceError, StoryChoice
from .themes import StoryTheme

CSV_COLUMNS = [
    "id",
    "title",
    "place",
    "municipality",
    "country",
    "latitude",
    "longitude",
    "themes",
    "innovation_type",
    "status",
    "url",
    "last_published_at",
]
# Stories read (and their themes fetched) per query while a file is streamed.
CHUNK = 500


def _choice(request):
    return StoryChoice.from_query(
        request.GET, language=translation.get_language(), default_limit=None
    )


def _row(story, request, themes):
    language = story.locale.language_code
    return {
        "id": story.pk,
        "title": story.title,
        "place": story.place,
        "municipality": story.municipality,
        "country": story.country,
        "latitude": float(story.latitude) if story.latitude is not None else None,
        "longitude": float(story.longitude) if story.longitude is not None else None,
        "themes": [theme.label_for(language) for theme in themes],
        "innovation_type": story.innovation_type,
        "status": story.status,
        "url": story.get_full_url(request),
        "last_published_at": story.last_published_at.isoformat()
        if story.last_published_at
        else None,
    }


def _rows(stories, request):
    """The stories' rows, read CHUNK stories at a time, with their themes in one query a chunk.
    The themes are looked up by story id rather than prefetched: a prefetched theme points back
    at its story, and stories in such cycles wait for the cyclic garbage collector, which
    in a large process lets about 20 MB of them pile up first."""
    stories = stories.prefetch_related(None).iterator(chunk_size=CHUNK)
    while chunk := list(islice(stories, CHUNK)):
        themes = {}
        tagged = StoryTheme.objects.filter(content_object_id__in=[story.pk for story in chunk])
        for item in tagged.select_related("tag").order_by("pk"):
            themes.setdefault(item.content_object_id, []).append(item.tag)
        for story in chunk:
            yield _row(story, request, themes.get(story.pk, ()))


def _open_data(write):
    """A view for one open-data format: the partner's choice is checked (a bad one is a 400
    naming it), then `write(rows)` gives the file's text piece by piece; `write.content_type`
    and `write.extension` say what it is, `write.only` which stories it can hold."""

    @require_safe
    def view(request):
        try:
            choice = _choice(request)
        except ChoiceError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        rows = _rows(choice.chosen(**write.only), request)
        pieces = (piece.encode() for piece in write(rows))
        if choice.limit is None:
            response = StreamingHttpResponse(pieces, content_type=write.content_type)
        else:
            response = HttpResponse(b"".join(pieces), content_type=write.content_type)
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=600"
        response["Content-Disposition"] = (
            f'inline; filename="stories-{choice.language}.{write.extension}"'
        )
        return response

    return view


def _format(content_type, extension, **only):
    def mark(write):
        write.content_type, write.extension, write.only = content_type, extension, only
        return _open_data(write)

    return mark


@_format("text/csv; charset=utf-8", "csv")
def stories_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for n, row in enumerate(rows, 1):
        row["themes"] = "; ".join(row["themes"])
        writer.writerow(row)
        if n % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# A map needs a place: `limit` and `offset` count the stories that have one.
@_format(
    "application/geo+json; charset=utf-8",
    "geojson",
    latitude__isnull=False,
    longitude__isnull=False,
)
def stories_geojson(rows):
    # The same bytes as json.dumps of the whole collection, written one feature at a time.
    yield '{"type": "FeatureCollection", "features": ['
    separator, pieces = "", []
    for row in rows:
        geometry = {"type": "Point", "coordinates": [row.pop("longitude"), row.pop("latitude")]}
        feature = {"type": "Feature", "geometry": geometry, "properties": row}
        pieces.append(separator + json.dumps(feature, ensure_ascii=False))
        separator = ", "
        if len(pieces) == CHUNK:
            yield "".join(pieces)
            pieces = []
    yield "".join(pieces) + "]}"
