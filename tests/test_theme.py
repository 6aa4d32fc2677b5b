"""The book's colours: eleven cities told apart, also by colour-blind readers, and
one meaning per concept colour.

Colour vision deficiency is simulated with the matrices of Machado, Oliveira and
Fernandes (2009, severity 1.0) on linear sRGB; distances are CIELAB (CIE76) under
D65. A distance of about 10 is a clear difference for marks the size of a line or a
bar; the palette keeps at least 25 for typical vision and 17 under deuteranopia and
protanopia.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from book import charts, theme

MACHADO = {
    "typical": np.eye(3),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
}
SMALLEST = {"typical": 25, "deuteranopia": 17, "protanopia": 17}


def _linear(hex_colour: str) -> np.ndarray:
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    to_xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    xyz = to_xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _seen(hex_colour: str, vision: str) -> np.ndarray:
    return _lab(np.clip(MACHADO[vision] @ _linear(hex_colour), 0, 1))


def _closest_pair(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    return min(
        (float(np.linalg.norm(_seen(a, vision) - _seen(b, vision))), x, y)
        for (x, a), (y, b) in itertools.combinations(colours.items(), 2)
    )


@pytest.mark.parametrize("vision", list(MACHADO))
def test_the_eleven_city_colours_stay_apart(vision: str) -> None:
    assert len(set(theme.CITY_COLORS.values())) == len(theme.CITY_COLORS) == 11
    distance, a, b = _closest_pair(theme.CITY_COLORS, vision)
    assert distance >= SMALLEST[vision], f"{a} and {b}: {distance:.1f} ({vision})"


def test_the_check_can_fail() -> None:
    """Matplotlib's old red and green: far apart for most readers, not for all."""
    red_green = {"red": "#D62728", "green": "#2CA02C"}
    assert _closest_pair(red_green, "typical")[0] > 100
    assert _closest_pair(red_green, "deuteranopia")[0] < SMALLEST["deuteranopia"]


def test_each_concept_colour_has_one_meaning() -> None:
    concepts = [
        theme.FIRM,
        theme.SOFT,
        theme.LOOSE,
        theme.MISSING,
        theme.NONE,
        theme.OUTSIDE,
        theme.CONTEXT,
        theme.ACCENT,
        theme.REFERENCE,
        theme.QUIET,
    ]
    assert len(set(concepts)) == len(concepts)
    # the qualifiers use the firmness scale: exact firm, bounds soft, about loose
    assert charts.QUALIFIER_COLORS["exact"] == theme.FIRM
    assert charts.QUALIFIER_COLORS["more than"] == theme.SOFT
    assert charts.QUALIFIER_COLORS["about"] == theme.LOOSE


def test_a_city_keeps_its_colour_in_any_selection() -> None:
    one = theme.city_scale(["Macao"])
    five = theme.city_scale(["Shenzhen", "Macao", "Zhuhai", "Foshan", "Hong Kong"])
    every = theme.city_scale()
    for scale in (one, five, every):
        colours = dict(zip(scale["domain"], scale["range"], strict=True))
        assert colours["Macao"] == theme.CITY_COLORS["macao"]
    assert len(every["domain"]) == 11 and "Hong Kong" in every["domain"]
    # a label with a year names its city; an unknown name is drawn in grey
    labelled = theme.city_scale(["Foshan (2020)", "Atlantis"])
    assert labelled["range"] == [theme.CITY_COLORS["foshan"], theme.REFERENCE]
