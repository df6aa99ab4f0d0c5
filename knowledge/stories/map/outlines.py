"""The country outlines the maps are drawn on: outlines.json, made once by
devtools/map_outlines.py from Natural Earth (public domain) and read here once per process."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .projection import Frame

OUTLINES = Path(__file__).with_name("outlines.json")


@dataclass(frozen=True)
class Outline:
    """One map's frame and shapes: the site's countries (with their borders) and the other
    land (one shape, no borders), each a path in the frame's units with its bounding box."""

    name: str
    frame: Frame
    shapes: tuple

    def paths(self, box=None, apart=""):
        """(the other land, the site's countries) as SVG path data, only the shapes that reach
        into `box` (x0, y0, x1, y1) when given, leaving out the country `apart` (drawn
        highlighted on its own)."""
        land, countries = [], []
        for shape in self.shapes:
            x0, y0, x1, y1 = shape["box"]
            if shape["country"] and shape["country"] == apart:
                continue
            if box is None or (x0 <= box[2] and x1 >= box[0] and y0 <= box[3] and y1 >= box[1]):
                (countries if shape["country"] else land).append(shape["d"])
        return "".join(land), "".join(countries)

    def country_path(self, code):
        return "".join(shape["d"] for shape in self.shapes if code and shape["country"] == code)


@cache
def outlines():
    """Every map's outline by name ("europe", "latvia")."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    return {
        name: Outline(name, Frame(**drawn["frame"]), tuple(drawn["shapes"]))
        for name, drawn in data["maps"].items()
    }
