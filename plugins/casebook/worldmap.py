"""Where the cases are: country outlines and case marks, projected and clustered at build time.

The outlines are Natural Earth's (plugins/casebook/geodata/, derived by scripts/derive_world_map.py);
nothing is fetched. The projection is equirectangular with longitudes shrunk by the cosine of the
view's middle latitude, which keeps a country-sized or Europe-sized view true enough to read.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from casebook.model import Case

MAP_WIDTH = 800  # SVG user units; the page scales it to the screen
LOCATOR_WIDTH = 160
CLUSTER_RADIUS = 56  # marks closer than this (in map units) share one numbered mark: tappable on a phone too
MIN_SPAN = 8.0  # degrees of latitude the map shows at least, so one case is not a full-screen dot
PADDING = 0.15  # of the span, around the cases


@dataclass(frozen=True)
class Located:
    """A case and the point it is drawn at (its own location)."""

    case: Case
    longitude: float
    latitude: float


@dataclass(frozen=True)
class Mark:
    """A mark on the map: one case, or a cluster of cases that crowd one spot (shown with its count)."""

    x: float
    y: float
    cases: tuple[Case, ...]
    anchor: str  # id of the mark's entry in the list beside the map


@dataclass(frozen=True)
class Outline:
    code: str  # ISO 3166-1 alpha-2
    path: str  # SVG path data
    has_cases: bool


@dataclass(frozen=True)
class MapView:
    width: int
    height: int
    outlines: tuple[Outline, ...]
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    scale: float  # map units per degree of latitude
    squeeze: float  # cos(middle latitude): map units per degree of longitude, relative to latitude

    def __call__(self, longitude: float, latitude: float) -> tuple[float, float]:
        return (longitude - self.west) * self.squeeze * self.scale, (self.north - latitude) * self.scale


CLIP_MARGIN = 4.0  # map units around the view that clipping keeps, so that no clipped edge shows


@functools.cache
def country_rings() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """Every country's rings as (longitude, latitude) points, read once."""
    raw = json.loads(resources.files("casebook").joinpath("geodata", "countries.json").read_text(encoding="utf-8"))
    return {
        code: tuple(tuple((ring[i] / 100, ring[i + 1] / 100) for i in range(0, len(ring), 2)) for ring in rings)
        for code, rings in raw["countries"].items()
    }


def point(case: Case) -> tuple[float, float] | None:
    """The case's own point as (longitude, latitude), if it gives one."""
    return None if case.location is None else (case.location.longitude, case.location.latitude)


def located(cases: Iterable[Case]) -> list[Located]:
    """The cases that give a location, at their points; the others are listed, not drawn."""
    return [Located(case, case.location.longitude, case.location.latitude) for case in cases if case.location]


@functools.cache
def ring_boxes() -> dict[str, tuple[tuple[float, float, float, float], ...]]:
    """The (west, south, east, north) box of every country's every ring, in country_rings' order."""
    return {code: tuple(_box(ring) for ring in rings) for code, rings in country_rings().items()}


def known_country(code: str) -> bool:
    return code in country_rings()


@functools.cache
def country_box(code: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the country's largest ring: its mainland, not far islands or
    overseas territories, which would make a locator of France show half the Atlantic."""
    rings = country_rings().get(code)
    if not rings:
        return None
    mainland = max(rings, key=_ring_area)
    return _box(mainland)


def near_country(code: str, longitude: float, latitude: float, margin: float = 0.5) -> bool:
    """Whether a point lies within `margin` degrees of the box of one of the country's rings: loose
    enough for a coast the outlines simplify away, tight enough to catch swapped coordinates."""
    return any(
        west - margin <= longitude <= east + margin and south - margin <= latitude <= north + margin
        for west, south, east, north in ring_boxes().get(code, ())
    )


def country_centre(code: str) -> tuple[float, float] | None:
    box = country_box(code)
    return None if box is None else ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def overview(located: Sequence[Located], countries: Iterable[str]) -> MapView:
    """The map page: the region around every located case and every country with cases."""
    countries = sorted(set(countries))
    boxes = [(point.longitude, point.latitude, point.longitude, point.latitude) for point in located]
    boxes += [box for code in countries if (box := country_box(code)) is not None]
    if not boxes:
        boxes = [(-10.0, 35.0, 30.0, 60.0)]  # no case placed yet: Europe
    projection, width, height = _fit(_union(boxes), MAP_WIDTH)
    outlines = _outlines(projection, width, height, set(countries), precision=1)
    return MapView(width, height, outlines, _cluster(located, projection))


def locator(code: str, point: tuple[float, float] | None) -> MapView | None:
    """A case page's small map: its country, and its own point if it has one."""
    box = country_box(code)
    if box is None:
        return None
    if point is not None:
        box = _union([box, (point[0], point[1], point[0], point[1])])
    projection, width, height = _fit(box, LOCATOR_WIDTH)
    outlines = _locator_outlines(code, box)
    marks = ()
    if point is not None:
        x, y = projection(*point)
        marks = (Mark(round(x, 1), round(y, 1), (), "here"),)
    return MapView(width, height, outlines, marks)


@functools.cache
def _locator_outlines(code: str, box: tuple[float, float, float, float]) -> tuple[Outline, ...]:
    # The same country at the same box draws the same outlines on every page: made once.
    projection, width, height = _fit(box, LOCATOR_WIDTH)
    return _outlines(projection, width, height, {code}, precision=0, tolerance=1.0, min_size=3.0)


def _fit(box: tuple[float, float, float, float], width: int) -> tuple[Projection, int, int]:
    west, south, east, north = box
    span = max(north - south, MIN_SPAN)
    middle = (north + south) / 2
    south, north = middle - span / 2 - span * PADDING, middle + span / 2 + span * PADDING
    squeeze = max(math.cos(math.radians(middle)), 0.2)
    lon_span = max(east - west, span / squeeze)
    centre = (east + west) / 2
    west, east = centre - lon_span / 2 - lon_span * PADDING, centre + lon_span / 2 + lon_span * PADDING
    scale = width / ((east - west) * squeeze)
    height = math.ceil((north - south) * scale)
    return Projection(west, north, scale, squeeze), width, height


def _outlines(
    projection: Projection,
    width: int,
    height: int,
    highlighted: set[str],
    *,
    precision: int,
    tolerance: float = 0.4,
    min_size: float = 1.0,
) -> tuple[Outline, ...]:
    """Paths of the countries that reach into the view, highlighted ones marked; rings smaller than
    `min_size` map units are left out, and the rest simplified to `tolerance` map units."""
    # Rings whose box lies outside the view (and the clipping margin) would clip to nothing: skipped
    # before they are projected, which spares a country's small map most of the world's points.
    margin = (CLIP_MARGIN + 1) / projection.scale  # in degrees of latitude; longitude below
    west, north = projection.west - margin / projection.squeeze, projection.north + margin
    east = projection.west + (width / projection.scale + margin) / projection.squeeze
    south = projection.north - height / projection.scale - margin
    boxes = ring_boxes()
    outlines = []
    for code, rings in country_rings().items():
        parts = []
        for ring, (ring_west, ring_south, ring_east, ring_north) in zip(rings, boxes[code], strict=True):
            if ring_east < west or ring_west > east or ring_north < south or ring_south > north:
                continue
            points = _clip([projection(lon, lat) for lon, lat in ring], width, height)
            if len(points) < 3:
                continue
            xs, ys = [x for x, _ in points], [y for _, y in points]
            if max(xs) - min(xs) < min_size and max(ys) - min(ys) < min_size:
                continue
            parts.append(_path(points, precision, tolerance))
        if parts:
            outlines.append(Outline(code, "".join(parts), code in highlighted))
    return tuple(outlines)


def _path(points: list[tuple[float, float]], precision: int, tolerance: float) -> str:
    """One closed ring as compact path data: an absolute start, then relative steps."""
    kept = simplify(points, tolerance)
    factor = 10**precision
    rounded = [(round(x * factor), round(y * factor)) for x, y in kept]
    steps = [f"M{_number(rounded[0][0], precision)} {_number(rounded[0][1], precision)}"]
    for (x0, y0), (x1, y1) in zip(rounded, rounded[1:], strict=False):
        if (x1, y1) != (x0, y0):
            steps.append(f"l{_number(x1 - x0, precision)} {_number(y1 - y0, precision)}")
    return "".join(steps) + "z"


def _clip(points: list[tuple[float, float]], width: float, height: float) -> list[tuple[float, float]]:
    """The part of a ring inside the view (plus a margin, so no clipped edge shows): Sutherland–Hodgman
    against each side in turn. Russia's coastline would otherwise ride along on a map of Germany."""
    margin = CLIP_MARGIN
    sides = (
        (lambda p: p[0] >= -margin, lambda a, b: _cross_x(a, b, -margin)),
        (lambda p: p[0] <= width + margin, lambda a, b: _cross_x(a, b, width + margin)),
        (lambda p: p[1] >= -margin, lambda a, b: _cross_y(a, b, -margin)),
        (lambda p: p[1] <= height + margin, lambda a, b: _cross_y(a, b, height + margin)),
    )
    for inside, cross in sides:
        if not points:
            break
        clipped = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current):
                if not inside(previous):
                    clipped.append(cross(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cross(previous, current))
        points = clipped
    return points


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def _number(value: int, precision: int) -> str:
    if precision == 0:
        return str(value)
    text = f"{value / 10**precision:.{precision}f}".rstrip("0").rstrip(".")
    return text or "0"


def _cluster(located: Sequence[Located], projection: Projection) -> tuple[Mark, ...]:
    """Group marks that would overlap: each point joins the first group whose centre is closer than
    CLUSTER_RADIUS, in slug order, so the same collection always gives the same marks."""
    groups: list[tuple[list[float], list[Located]]] = []
    for point in sorted(located, key=lambda p: p.case.slug):
        x, y = projection(point.longitude, point.latitude)
        for centre, members in groups:
            if math.hypot(centre[0] - x, centre[1] - y) < CLUSTER_RADIUS:
                members.append(point)
                count = len(members)
                centre[0] += (x - centre[0]) / count
                centre[1] += (y - centre[1]) / count
                break
        else:
            groups.append(([x, y], [point]))
    marks = []
    for number, (centre, members) in enumerate(sorted(groups, key=lambda g: (g[0][1], g[0][0])), start=1):
        cases = tuple(member.case for member in members)
        marks.append(Mark(round(centre[0], 1), round(centre[1], 1), cases, f"casebook-map-{number}"))
    return tuple(marks)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative (long coastlines would exhaust the recursion limit); ends kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            x, y = points[index]
            if length == 0:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _box(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons, lats = [lon for lon, _ in ring], [lat for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _union(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _ring_area(ring: Sequence[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
