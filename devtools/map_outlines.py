"""Make the story maps' country outlines (knowledge/stories/map/outlines.json) from Natural Earth.

Run at development time only, when the outlines or the frames change; the site reads the
committed file and fetches nothing:

    npm ci --prefix devtools              # world-atlas 2.0.2: Natural Earth 4.1.0 as TopoJSON
    .venv/bin/python devtools/map_outlines.py

Natural Earth (naturalearthdata.com) is in the public domain; the world-atlas package that
carries it as TopoJSON is under the ISC licence. Two maps are made, both with the projection
of knowledge/stories/map/projection.py: Europe (1:50m, the site's countries: the EU, Iceland
and Norway) and Latvia with its neighbours (1:10m). The site's countries are drawn one by
one with their borders; every other country is merged into one land shape without inner
borders (the site names none of them and takes no side on a disputed line). Northern Cyprus
is drawn as part of Cyprus. Lines are simplified along the shared borders (TopoJSON arcs), so
that neighbours still meet after simplification."""

import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.stories.map.projection import Frame  # noqa: E402

ATLAS = ROOT / "devtools" / "node_modules" / "world-atlas"
OUTPUT = ROOT / "knowledge" / "stories" / "map" / "outlines.json"

# ISO 3166-1 numeric (Natural Earth's ids) → alpha-2 (the site's country codes).
SITE_COUNTRIES = {
    "040": "AT", "056": "BE", "100": "BG", "191": "HR", "196": "CY", "203": "CZ",
    "208": "DK", "233": "EE", "246": "FI", "250": "FR", "276": "DE", "300": "GR",
    "348": "HU", "352": "IS", "372": "IE", "380": "IT", "428": "LV", "440": "LT",
    "442": "LU", "470": "MT", "528": "NL", "578": "NO", "616": "PL", "620": "PT",
    "642": "RO", "703": "SK", "705": "SI", "724": "ES", "752": "SE",
}  # fmt: skip
PART_OF = {"N. Cyprus": "CY"}

# Each map: its source, the places its frame must hold (longitude, latitude; or a country, by
# its id, whose outline it must hold), its width and
# margin in SVG units, and how far (in SVG units) a simplified line may stray.
MAPS = {
    "europe": {
        "source": "countries-50m.json",
        "extent": [
            (-24.5, 66.5),
            (-24.0, 63.4),
            (-10.5, 51.5),
            (-9.5, 36.9),
            (14.5, 35.8),
            (24.3, 34.8),
            (34.6, 35.7),
            (31.6, 70.4),
            (25.8, 71.2),
            (31.5, 62.5),
        ],  # fmt: skip
        "width": 800,
        "margin": 10,
        "tolerance": 0.7,
        "min_area": 1.5,
    },
    "latvia": {
        "source": "countries-10m.json",
        "extent": "428",  # Latvia's own outline
        "width": 600,
        "margin": 18,
        "tolerance": 0.6,
        "min_area": 2.0,
    },
}


def decode_arcs(topology):
    """The arcs as lists of (longitude, latitude): TopoJSON stores them quantized and as
    differences from the point before."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def rings_of(geometry):
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def merge(rings, arcs):
    """One set of rings for several shapes: the arcs two of them share are inner borders and
    are dropped; the rest are joined end to end again (topojson-client's merge)."""
    used = Counter(index if index >= 0 else ~index for ring in rings for index in ring)
    kept = [index for ring in rings for index in ring if used[index if index >= 0 else ~index] == 1]

    def ends(index):
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        return points[0], points[-1]

    starting = defaultdict(list)
    for index in kept:
        starting[ends(index)[0]].append(index)
    done = set()
    merged = []
    for index in kept:
        if index in done:
            continue
        ring = [index]
        done.add(index)
        while ends(ring[-1])[1] != ends(ring[0])[0]:
            following = [i for i in starting[ends(ring[-1])[1]] if i not in done]
            if not following:
                break
            ring.append(following[0])
            done.add(following[0])
        merged.append(ring)
    return merged


def simplify(points, tolerance):
    """Douglas–Peucker, keeping both ends (shared with the neighbouring arc)."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:  # a closed arc (an island): split at its farthest point
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        if far in (0, len(points) - 1):
            return [points[0], points[-1]]
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay) or 1e-12
        worst, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > distance:
                worst, distance = i, d
        if worst is not None:
            keep[worst] = True
            stack += [(first, worst), (worst, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def clip(ring, width, height):
    """Sutherland–Hodgman against the frame: what lies outside is not sent to readers."""
    edges = [
        (lambda p: p[0] >= 0, lambda a, b: _cross_x(a, b, 0)),
        (lambda p: p[0] <= width, lambda a, b: _cross_x(a, b, width)),
        (lambda p: p[1] >= 0, lambda a, b: _cross_y(a, b, 0)),
        (lambda p: p[1] <= height, lambda a, b: _cross_y(a, b, height)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        result = []
        for i, current in enumerate(ring):
            previous = ring[i - 1]
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
        ring = result
    return ring


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def area(ring):
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in pairs)) / 2


def _numbers(values):
    """Numbers as SVG writes them shortest: a minus sign separates as well as a space."""
    text = str(values[0])
    for value in values[1:]:
        text += ("" if value < 0 else " ") + str(value)
    return text


def path(rings):
    """SVG path data in whole units, each step relative to the one before (the shortest)."""
    parts = []
    for ring in rings:
        steps = []
        for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:], strict=True):
            steps += [x1 - x0, y1 - y0]
        parts.append(f"M{_numbers(list(ring[0]))}l{_numbers(steps)}z")
    return "".join(parts)


def draw(rings, arcs, frame, spec):
    """Project, simplify, clip, drop what is too small to see and round: the rings as SVG
    path data with their bounding box, or None when nothing is left in the frame."""
    cache = {}

    def projected(index):
        key = index if index >= 0 else ~index
        if key not in cache:
            points = [frame.point(lon, lat) for lon, lat in arcs[key]]
            cache[key] = simplify(points, spec["tolerance"])
        return cache[key] if index >= 0 else cache[key][::-1]

    kept = []
    for ring in rings:
        points = []
        for index in ring:
            part = projected(index)
            points += part[1:] if points else part
        points = clip(points, frame.width, frame.height)
        if len(points) < 3 or area(points) < spec["min_area"]:
            continue
        rounded = []
        for x, y in points:
            point = (round(x), round(y))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(rounded) >= 3:
            kept.append(rounded)
    if not kept:
        return None
    xs = [x for ring in kept for x, _y in ring]
    ys = [y for ring in kept for _x, y in ring]
    return {"box": [min(xs), min(ys), max(xs), max(ys)], "d": path(kept)}


def make_map(spec):
    topology = json.loads((ATLAS / spec["source"]).read_text())
    arcs = decode_arcs(topology)
    extent = spec["extent"]
    if isinstance(extent, str):
        (country,) = (
            g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == extent
        )
        extent = [
            point
            for ring in rings_of(country)
            for index in ring
            for point in arcs[index if index >= 0 else ~index]
        ]
    frame = Frame.around(extent, spec["width"], spec["margin"])
    site = defaultdict(list)
    other = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = SITE_COUNTRIES.get(geometry.get("id")) or PART_OF.get(geometry["properties"]["name"])
        (site[code] if code else other).append(rings_of(geometry))
    shapes = []
    for code in sorted(site):
        rings = [ring for part in site[code] for ring in part]
        drawn = draw(merge(rings, arcs) if len(site[code]) > 1 else rings, arcs, frame, spec)
        if drawn:
            shapes.append({"country": code, **drawn})
    # The other land: merged, then kept ring by ring, so that a locator takes only what it shows.
    for ring in merge([ring for part in other for ring in part], arcs):
        drawn = draw([ring], arcs, frame, spec)
        if drawn:
            shapes.append({"country": "", **drawn})
    return {"frame": frame.as_dict(), "shapes": shapes}


def main():
    if not ATLAS.exists():
        sys.exit("world-atlas is missing: run `npm ci --prefix devtools` first")
    version = json.loads((ATLAS / "package.json").read_text())["version"]
    data = {
        "source": (
            f"Natural Earth 4.1.0 Admin 0 countries (public domain), through the npm package "
            f"world-atlas {version} (ISC); made by devtools/map_outlines.py"
        ),
        "maps": {name: make_map(spec) for name, spec in MAPS.items()},
    }
    OUTPUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    for name, drawn in data["maps"].items():
        size = sum(len(shape["d"]) for shape in drawn["shapes"])
        print(f"{name}: {len(drawn['shapes'])} shapes, {size} characters of path data")


if __name__ == "__main__":
    main()
