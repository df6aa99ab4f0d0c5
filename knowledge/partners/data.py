"""Stories as open data: CSV and GeoJSON per language (coordinates, country, themes, links)."""

import csv
import io
import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.views.decorators.http import require_safe

from .stories import ChoiceError, StoryChoice

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


def _open(response, filename):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=600"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def stories_csv(request):
    try:
        choice = _choice(request)
    except ChoiceError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for story in choice.stories():
        row = _row(story, request)
        row["themes"] = "; ".join(row["themes"])
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _open(response, f"stories-{choice.language}.csv")


@require_safe
def stories_geojson(request):
    try:
        choice = _choice(request)
    except ChoiceError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    features = []
    for story in choice.stories():
        row = _row(story, request)
        if row["latitude"] is None or row["longitude"] is None:
            continue
        geometry = {"type": "Point", "coordinates": [row.pop("longitude"), row.pop("latitude")]}
        features.append({"type": "Feature", "geometry": geometry, "properties": row})
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    return _open(response, f"stories-{choice.language}.geojson")
