"""Progress stages map onto one bar that never moves backwards, and cancelling stops the work."""

from __future__ import annotations

import pytest

from gis.errors import Cancelled
from gis.progress import Progress


def test_stages_map_onto_the_bar_and_never_go_back() -> None:
    seen: list[float] = []
    bar = Progress(lambda fraction, message: seen.append(fraction))
    first, second = bar.stage(0.0, 0.5), bar.stage(0.5, 1.0)
    first(0.5)  # 0.25 of the bar
    second(0.2)  # 0.6 of the bar
    first(1.0)  # 0.5 of the bar: already passed, the bar stays at 0.6
    second(1.0)
    assert seen == pytest.approx([0.25, 0.6, 0.6, 1.0])


def test_cancel_raises_at_the_next_report() -> None:
    asked = {"stop": False}
    bar = Progress(None, lambda: asked["stop"])
    bar.stage(0.2, 0.4)(0.5)
    asked["stop"] = True
    with pytest.raises(Cancelled):
        bar.stage(0.4, 1.0)(0.0)
