"""Derive the committed country outlines (plugins/casebook/geodata/countries.json) from Natural Earth.

Run once by a maintainer after `npm ci` (package.json pins world-atlas, Natural Earth's 1:50m admin-0
countries as TopoJSON); the build reads only the small committed result and fetches nothing.
The arcs are simplified before the rings are put together, so neighbouring countries keep one shared
border. Coordinates are stored as integers in hundredths of a degree, longitude then latitude,
each ring one flat list: [lon0, lat0, lon1, lat1, ...].

    .venv/bin/python scripts/derive_world_map.py [--tolerance 0.05]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pycountry
from casebook.worldmap import simplify

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
TARGET = ROOT / "plugins" / "casebook" / "geodata" / "countries.json"
# Natural Earth areas that have no ISO 3166-1 numeric code in world-atlas, by the name it gives them.
NAMED = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None, "Indian Ocean Ter.": None, "Siachen Glacier": None}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arc_indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their end points
    return points


def alpha_2(geometry: dict) -> str | None:
    numeric = geometry.get("id")
    if numeric is not None:
        country = pycountry.countries.get(numeric=numeric)
        return country.alpha_2 if country else None
    return NAMED.get(geometry.get("properties", {}).get("name", ""))


def derive(tolerance: float) -> dict:
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)]
    countries: dict[str, list[list[int]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha_2(geometry)
        if code is None or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for arc_indexes in polygon:
                points = ring(arc_indexes, arcs)
                flat = [round(value * 100) for point in points for value in point]
                deduplicated = flat[:2]
                for at in range(2, len(flat), 2):
                    if flat[at : at + 2] != deduplicated[-2:]:
                        deduplicated += flat[at : at + 2]
                if len(deduplicated) >= 8:  # a ring needs at least four points to enclose anything
                    countries.setdefault(code, []).append(deduplicated)
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via the world-atlas 2 package "
        f"(ISC licence); simplified to {tolerance} degrees by scripts/derive_world_map.py",
        "unit": "hundredths of a degree; each ring [lon0, lat0, lon1, lat1, ...]",
        "countries": dict(sorted(countries.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=0.05, help="simplification in degrees")
    arguments = parser.parse_args()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    data = derive(arguments.tolerance)
    TARGET.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(data['countries'])} countries, {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
