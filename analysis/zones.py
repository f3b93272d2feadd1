"""Which of a camera's zones an object stands in: the bottom centre of its box (its
feet, or its wheels) inside the zone's polygon, in normalized image coordinates."""


def contains(polygon: list[list[float]], x: float, y: float) -> bool:
    """Ray casting: is (x, y) inside the polygon?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def zones_of(detection, zones, width: int, height: int) -> list[list[str]]:
    """[name, kind] of each zone the detection stands in, highest priority first."""
    if not width or not height:
        return []
    x = (detection.bbox_x + detection.bbox_width / 2) / width
    # Feet cut off by the image's bottom edge stand just inside it (a zone that reaches the
    # edge holds them; on the edge itself ray casting says outside).
    y = min((detection.bbox_y + detection.bbox_height) / height, 1 - 1e-6)
    ordered = sorted(zones, key=lambda zone: -zone.priority)
    return [[zone.name, zone.kind] for zone in ordered if contains(zone.polygon, x, y)]
