"""Starting the window on a machine that lacks Qt's X11 libraries says what to install."""

from __future__ import annotations

import pytest

from app import gui
from app.cli import main


def test_debian_package_names() -> None:
    assert gui.debian_packages(["libxcb-icccm.so.4", "libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]) == [
        "libxcb-icccm4",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
    ]


def test_no_check_without_x11(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert gui.missing_system_libraries() == []


def test_demo_falls_back_to_headless_when_libraries_are_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gui, "has_display", lambda: True)
    monkeypatch.setattr(gui, "missing_system_libraries", lambda: ["libxcb-cursor.so.0"])
    assert main(["demo", "--gui", "--quiet", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "sudo apt install libxcb-cursor0" in out
    assert "headless demo" in out and "grades_1_3" in out
    # The example outputs a person can look at: printed maps and the atlas's first pages.
    from pathlib import Path

    import numpy as np
    from matplotlib.image import imread

    folder = Path(str(tmp_path))
    pictures = [folder / "maps" / "catchments.png", *sorted((folder / "atlas-pages").glob("atlas-page-*.png"))]
    assert len(pictures) == 4 and (folder / "atlas.pdf").stat().st_size > 100_000
    for picture in pictures:
        pixels = imread(picture)[..., :3]
        assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50, picture  # not blank
    assert (folder / "suggestions.csv").exists()


def test_gui_refuses_with_the_packages_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gui, "missing_system_libraries", lambda: ["libxcb-icccm.so.4"])
    assert gui.main([]) == 1
    assert "libxcb-icccm4" in capsys.readouterr().err
