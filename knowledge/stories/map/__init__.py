"""The map of stories, drawn on the server as SVG: Latvia enlarged and Europe, a marker per story
(its shape and colour the kind of innovation, each a link named by the story's title, place and
country), and a small locator on each story page. No tiles, no script, nothing fetched: the
outlines are Natural Earth's, shipped in outlines.json (devtools/map_outlines.py).

The index hands in its filtered queryset; the map reads it in ONE query of plain values, so
its cost does not grow with the number of stories beyond that one query's rows."""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from knowledge.core.countries import COUNTRY_CHOICES

from .markers import SHAPES, SPREAD, coordinate, group, ring, symbol
from .outlines import outlines
from .projection import laea

FIELDS = ("title", "slug", "place", "country", "latitude", "longitude", "innovation_type")
# Marker radius and grouping distance, in each map's own units (Europe is drawn smaller).
RADIUS = {"latvia": 8.0, "europe": 11.0}
# The neighbours named on the Latvia map, at a spot of their land (longitude, latitude).
LATVIA_LABELS = [
    (_("Latvia"), 24.3, 56.45, "country"),
    (_("Estonia"), 25.9, 57.98, "neighbour"),
    (_("Lithuania"), 23.2, 55.83, "neighbour"),
    (_("Russia"), 28.15, 57.3, "neighbour"),
    (_("Belarus"), 27.35, 55.66, "neighbour"),
    (_("Gulf of Riga"), 23.35, 57.55, "sea"),
]
# Markers on one map at most: past it, nearby stories are gathered from farther apart, so that
# the page keeps its size whatever the number of stories.
MAX_MARKERS = 80
LOCATOR_SPAN = 220  # the locator's width in Europe's units (some 1 100 km)


def innovation_labels():
    from ..models import GoodPracticeStory  # the map is drawn for this model's pages

    return dict(GoodPracticeStory.INNOVATION_CHOICES)


def _namer():
    """A function naming a story's marker, with the words looked up once for all markers."""
    wording = str(_("%(title)s — %(place)s, %(country)s (%(kind)s)"))
    countries = {code: str(name) for code, name in COUNTRY_CHOICES}
    kinds = {kind: str(label).lower() for kind, label in innovation_labels().items()}

    def name(row):
        return wording % {
            "title": row["title"],
            "place": row["place"],
            "country": countries.get(row["country"], row["country"]),
            "kind": kinds.get(row["innovation_type"], ""),
        }

    return name


def _which_map(latitude, longitude):
    """The map a point is drawn on (Latvia's when it falls in that frame) and its position."""
    projected = laea(longitude, latitude)
    maps = outlines()
    for name in ("latvia", "europe"):
        frame = maps[name].frame
        x, y = frame.place(*projected)
        if frame.contains(x, y, margin=-RADIUS[name]):
            return name, x, y
    return None, None, None


def _labels(outline):
    return [
        {"text": text, "x": coordinate(x), "y": coordinate(y), "kind": kind}
        for text, lon, lat, kind in LATVIA_LABELS
        for x, y in [outline.frame.point(lon, lat)]
    ]


def story_map(rows, base_url, query=None):
    """The maps for the index: `rows` are the stories' values (FIELDS), `base_url` the index's
    address (each story is its child), `query` the index's GET parameters (a crowded spot
    links to the list of its country with the other filters kept). None when no story has a
    point."""
    countries = dict(COUNTRY_CHOICES)
    kinds = innovation_labels()
    name_of = _namer()
    points = {"latvia": [], "europe": []}
    missing = outside = 0
    legend_counts = dict.fromkeys(SHAPES, 0)
    for row in rows:
        if row["latitude"] is None or row["longitude"] is None:
            missing += 1
            continue
        name, x, y = _which_map(float(row["latitude"]), float(row["longitude"]))
        if name is None:
            outside += 1
            continue
        points[name].append((x, y, row))
        legend_counts[row["innovation_type"]] = legend_counts.get(row["innovation_type"], 0) + 1
    maps = []
    for name in ("latvia", "europe"):
        if not points[name]:
            continue
        outline = outlines()[name]
        highlight = "LV" if name == "latvia" else ""
        land, countries_path = outline.paths(apart=highlight)
        r = RADIUS[name]
        markers, crowds, spots = [], [], []
        for spot in group(points[name], 2 * r + 3, MAX_MARKERS):
            if len(spot.items) > SPREAD:
                crowds.append(_crowd(spot, r, base_url, query, countries))
                continue
            if len(spot.items) > 1:
                spots.append({"x": coordinate(spot.x), "y": coordinate(spot.y)})
            for (x, y), row in zip(
                ring(spot, r, outline.frame.width, outline.frame.height), spot.items, strict=True
            ):
                markers.append(
                    {
                        "url": f"{base_url}{row['slug']}/",
                        "name": name_of(row),
                        "kind": row["innovation_type"],
                        "d": symbol(SHAPES.get(row["innovation_type"], "circle"), x, y, r),
                    }
                )
        inset = None
        if name == "europe" and points["latvia"]:
            inset = _inset_box(outline)
        maps.append(
            {
                "name": name,
                "title": _("Latvia") if name == "latvia" else _("Europe"),
                "width": outline.frame.width,
                "height": outline.frame.height,
                "land": land,
                "countries": countries_path,
                "highlight": outline.country_path(highlight),
                "labels": _labels(outline) if name == "latvia" else [],
                "markers": markers,
                "crowds": crowds,
                "spots": spots,
                "inset": inset,
            }
        )
    if not maps:
        return None
    return {
        "maps": maps,
        "legend": [
            {
                "kind": kind,
                "label": kinds[kind],
                "count": legend_counts[kind],
                "d": symbol(shape, 9, 9, 6),
            }
            for kind, shape in SHAPES.items()
        ],
        "shown": sum(legend_counts.values()),
        "missing": missing,
        "outside": outside,
    }


def _inset_box(europe):
    """Where Latvia's map lies on Europe's, as x, y, width, height."""
    latvia = outlines()["latvia"].frame
    corners = []
    for x, y in ((0, 0), (latvia.width, 0), (0, latvia.height), (latvia.width, latvia.height)):
        corners.append(
            (
                (latvia.west + x / latvia.scale - europe.frame.west) * europe.frame.scale,
                (europe.frame.north - (latvia.north - y / latvia.scale)) * europe.frame.scale,
            )
        )
    x0, y0 = min(c[0] for c in corners), min(c[1] for c in corners)
    x1, y1 = max(c[0] for c in corners), max(c[1] for c in corners)
    return {k: coordinate(v) for k, v in {"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0}.items()}


def _crowd(spot, r, base_url, query, countries):
    """One marker for many stories at one spot: their number, linking to their country's list."""
    codes = [row["country"] for row in spot.items]
    country = max(sorted(set(codes)), key=codes.count)
    parameters = {
        key: value
        for key, value in (query.items() if query is not None else ())
        if key not in ("country", "page")
    }
    parameters["country"] = country
    places = sorted({row["place"] for row in spot.items})
    return {
        "url": f"{base_url}?{urlencode(parameters)}#after-story-map",
        "name": ngettext(
            "%(place)s, %(country)s: %(count)s story — show the list",
            "%(place)s, %(country)s: %(count)s stories — show the list",
            len(spot.items),
        )
        % {
            "count": len(spot.items),
            "place": places[0] if len(places) == 1 else ", ".join(places[:2]) + " …",
            "country": countries.get(country, country),
        },
        "count": len(spot.items),
        "x": coordinate(spot.x),
        "y": coordinate(spot.y),
        "r": coordinate(r * 1.5),
    }


def story_locator(story):
    """The small map on a story's page: Latvia's map for a point in it, else the part of
    Europe's around the point; None without a point or outside both."""
    if story.latitude is None or story.longitude is None:
        return None
    name, x, y = _which_map(float(story.latitude), float(story.longitude))
    if name is None:
        return None
    outline = outlines()[name]
    if name == "latvia":
        view = (0, 0, outline.frame.width, outline.frame.height)
        r = RADIUS[name]
    else:
        span = LOCATOR_SPAN
        height = span * 0.7
        x0 = min(max(x - span / 2, 0), outline.frame.width - span)
        y0 = min(max(y - height / 2, 0), outline.frame.height - height)
        view = (x0, y0, span, height)
        r = 4.0
    highlight = story.country if name == "latvia" else ""
    box = (view[0], view[1], view[0] + view[2], view[1] + view[3])
    land, countries_path = outline.paths(box, apart=highlight)
    kinds = innovation_labels()
    return {
        "view": " ".join(coordinate(v) for v in view),
        "land": land,
        "countries": countries_path,
        "highlight": outline.country_path(highlight),
        "labels": _labels(outline) if name == "latvia" else [],
        "kind": story.innovation_type,
        "kind_label": kinds.get(story.innovation_type, ""),
        "d": symbol(SHAPES.get(story.innovation_type, "circle"), x, y, r),
        "halo": {"x": coordinate(x), "y": coordinate(y), "r": coordinate(r * 2.6)},
    }
