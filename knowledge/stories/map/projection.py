"""The maps' projection: Lambert azimuthal equal-area on a sphere, centred at 52° N 10° E (the
centre of ETRS89-LAEA, EPSG:3035, Europe's own statistical projection), so that countries keep
their relative size. devtools/map_outlines.py drew the outlines with this very code; a story's
point goes through it at run time, so outline and marker always agree.

Pure Python, no Django: the development script imports it too."""

import math
from dataclasses import dataclass

RADIUS_KM = 6371.0
CENTRE_LATITUDE = math.radians(52.0)
CENTRE_LONGITUDE = math.radians(10.0)


SIN_CENTRE = math.sin(CENTRE_LATITUDE)
COS_CENTRE = math.cos(CENTRE_LATITUDE)


def laea(longitude, latitude):
    """Kilometres east and north of the projection's centre."""
    lam = math.radians(longitude) - CENTRE_LONGITUDE
    phi = math.radians(latitude)
    sin_phi, cos_phi, cos_lam = math.sin(phi), math.cos(phi), math.cos(lam)
    cos_c = SIN_CENTRE * sin_phi + COS_CENTRE * cos_phi * cos_lam
    k = RADIUS_KM * math.sqrt(2 / max(1 + cos_c, 1e-12))  # the antipode alone is undefined
    return k * cos_phi * math.sin(lam), k * (COS_CENTRE * sin_phi - SIN_CENTRE * cos_phi * cos_lam)


@dataclass(frozen=True)
class Frame:
    """A map's window: the projected kilometres at its top-left corner (`west`, `north`), its
    `scale` in SVG units per kilometre and its size in SVG units (the viewBox)."""

    west: float
    north: float
    scale: float
    width: int
    height: int

    def point(self, longitude, latitude):
        """The SVG position of a place: x to the right, y down."""
        return self.place(*laea(longitude, latitude))

    def place(self, x, y):
        """The SVG position of a projected point (kilometres, from laea)."""
        return (x - self.west) * self.scale, (self.north - y) * self.scale

    def contains(self, x, y, margin=0.0):
        return -margin <= x <= self.width + margin and -margin <= y <= self.height + margin

    @classmethod
    def around(cls, points, width, margin):
        """The frame `width` units wide that holds the projected `points` (longitude,
        latitude), with `margin` units to spare on every side."""
        projected = [laea(lon, lat) for lon, lat in points]
        west = min(x for x, _y in projected)
        east = max(x for x, _y in projected)
        south = min(y for _x, y in projected)
        north = max(y for _x, y in projected)
        scale = (width - 2 * margin) / (east - west)
        height = round((north - south) * scale + 2 * margin)
        return cls(west - margin / scale, north + margin / scale, scale, width, height)

    def as_dict(self):
        return {
            "west": round(self.west, 3),
            "north": round(self.north, 3),
            "scale": self.scale,
            "width": self.width,
            "height": self.height,
        }
