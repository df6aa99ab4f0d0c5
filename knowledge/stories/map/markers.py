"""Where the markers go: each story's point in its map's units, and what to do when several
fall on one spot (three stories in Alsunga): up to SPREAD of them are set in a small ring
around their place, each still its own link; more become one marker with their number."""

import math
from dataclasses import dataclass, field

SPREAD = 8
# Marker shapes per innovation type, so that colour is not the only cue.
SHAPES = {"social": "circle", "business": "square", "technological": "triangle"}


def _n(value):
    """A coordinate as SVG text (a template would write the reader's decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def symbol(shape, x, y, r):
    """SVG path data for a marker of `shape` centred on (x, y), about `r` in radius."""
    if shape == "square":
        side = r * 1.7
        return f"M{_n(x - side / 2)} {_n(y - side / 2)}h{_n(side)}v{_n(side)}h{_n(-side)}z"
    if shape == "triangle":
        return f"M{_n(x)} {_n(y - r * 1.25)}l{_n(r * 1.15)} {_n(r * 2)}h{_n(-r * 2.3)}z"
    arc = f"a{_n(r)} {_n(r)} 0 1 0"
    return f"M{_n(x - r)} {_n(y)}{arc} {_n(2 * r)} 0{arc} {_n(-2 * r)} 0z"


@dataclass
class Group:
    x: float
    y: float
    items: list = field(default_factory=list)


def _gather(points, distance):
    """Gather (x, y, item) into groups whose members lie within `distance` of the group's
    first point; a grid keeps it linear in the number of points."""
    cells = {}
    groups = []
    reach = distance**2
    for x, y, item in points:
        cx, cy = int(x // distance), int(y // distance)
        found = None
        for key in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            for candidate in cells.get(key, ()):
                if (candidate.x - x) ** 2 + (candidate.y - y) ** 2 <= reach:
                    found = candidate
                    break
            if found:
                break
        if found is None:
            found = Group(x, y)
            groups.append(found)
            cells.setdefault((cx, cy), []).append(found)
        found.items.append(item)
    return groups


def _markers(groups):
    return sum(len(g.items) if len(g.items) <= SPREAD else 1 for g in groups)


def group(points, distance, most):
    """The points in groups (see _gather), gathered from ever farther apart until they make
    at most `most` markers (a group of more than SPREAD is one)."""
    if len(points) > 4 * most:  # many: start from where the answer will roughly be
        distance *= math.sqrt(len(points) / most) / 2
    groups = _gather(points, distance)
    while _markers(groups) > most:
        distance *= 1.5
        merged = []
        for outer in _gather([(g.x, g.y, g) for g in groups], distance):
            outer.items = [item for inner in outer.items for item in inner.items]
            merged.append(outer)
        groups = merged
    return groups


def ring(group, r, width, height):
    """Positions for a group's members: the place itself for one, else a ring around it, kept
    inside the map."""
    count = len(group.items)
    if count == 1:
        return [(group.x, group.y)]
    step = 2 * r + 3
    radius = max(step, step / (2 * math.sin(math.pi / count)))
    positions = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x = min(max(group.x + radius * math.cos(angle), r), width - r)
        y = min(max(group.y + radius * math.sin(angle), r), height - r)
        positions.append((x, y))
    return positions


def coordinate(value):
    return _n(value)
