"""Stories as open data: CSV and GeoJSON per language (coordinates, country, themes, links)."""

import csv
import io
import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.views.decorators.http import require_safe

from .choice import ChoiceError, StoryChoice

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


def _choice(request):
    return StoryChoice.from_query(
        request.GET, language=translation.get_language(), default_limit=50
    )


def _row(story, request):
    language = story.locale.language_code
    return {
        "id": story.pk,
        "title": story.title,
        "place": story.place,
        "municipality": story.municipality,
        "country": story.country,
        "latitude": float(story.latitude) if story.latitude is not None else None,
        "longitude": float(story.longitude) if story.longitude is not None else None,
        "themes": [theme.label_for(language) for theme in story.theme_list],
        "innovation_type": story.innovation_type,
        "status": story.status,
        "url": story.get_full_url(request),
        "last_published_at": story.last_published_at.isoformat()
        if story.last_published_at
        else None,
    }


def _open_data(build):
    """A view for one open-data format: the partner's choice is checked (a bad one is a 400
    naming it), then `build(choice, request)` gives (body, content type, file extension)."""

    @require_safe
    def view(request):
        try:
            choice = _choice(request)
        except ChoiceError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        body, content_type, extension = build(choice, request)
        response = HttpResponse(body, content_type=content_type)
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=600"
        response["Content-Disposition"] = (
            f'inline; filename="stories-{choice.language}.{extension}"'
        )
        return response

    return view


@_open_data
def stories_csv(choice, request):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for story in choice.stories():
        row = _row(story, request)
        row["themes"] = "; ".join(row["themes"])
        writer.writerow(row)
    return buffer.getvalue(), "text/csv; charset=utf-8", "csv"


@_open_data
def stories_geojson(choice, request):
    features = []
    for story in choice.stories():
        row = _row(story, request)
        if row["latitude"] is None or row["longitude"] is None:
            continue
        geometry = {"type": "Point", "coordinates": [row.pop("longitude"), row.pop("latitude")]}
        features.append({"type": "Feature", "geometry": geometry, "properties": row})
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return body, "application/geo+json; charset=utf-8", "geojson"
