"""Printed maps of the demo county: every map type to PNG, PDF and SVG, paper sizes, text, safety."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from gis.analysis import Analysis, analyze
from gis.edits import ChangeGrades, Close, Merge, Scenario
from gis.project import load_project
from gis.standards import load_standards
from gis.suggest import NewSite, Suggestion, Suggestions
from gis.usecases import evaluate_scenario
from layers import _print as P
from layers.glossary import words
from layers.printmap import MapSheet, catchment_map, comparison_map, save_figure, suggestion_map, travel_time_map

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
SCRIPT_NAME = "<script>alert(1)</script> $x_"
LOW_DPI = 40


# --------------------------------------------------------------------------- shared helpers (also used by test_atlas)


@cache
def demo_analysis() -> Analysis:
    """The demo county's baseline (computed once per test run)."""
    return analyze(load_project(DEMO), load_standards())


def with_school_name(analysis: Analysis, row: int, name: str) -> Analysis:
    """The analysis with one school renamed (same rows, so every result still lines up)."""
    schools = analysis.project.schools.copy()
    schools.loc[schools.index[row], "name"] = name
    return dataclasses.replace(analysis, project=analysis.project.with_layers(schools=schools))


def image_stats(path: Path) -> tuple[int, float, tuple[int, int]]:
    """Distinct colours, the share of pixels that are not white, and the size of an image."""
    from PIL import Image

    with Image.open(path) as img:
        rgb = np.asarray(img.convert("RGB"))
    flat = rgb.reshape(-1, 3)
    distinct = len(np.unique(flat[:: max(1, len(flat) // 200_000)], axis=0))
    not_white = float((flat.min(axis=1) < 245).mean())
    return distinct, not_white, (rgb.shape[1], rgb.shape[0])


def assert_non_blank(path: Path) -> None:
    distinct, not_white, _ = image_stats(path)
    assert distinct >= 30, f"{path.name}: only {distinct} colours"
    assert not_white > 0.05, f"{path.name}: {not_white:.1%} of the page is not white"


def needs_poppler() -> None:
    """Skip when poppler-utils (pdftoppm, pdftotext, pdfinfo) are not installed."""
    for tool in ("pdftoppm", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not found: install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils)")


def pdf_page_images(pdf: Path, out: Path, *, first: int = 1, last: int = 1, resolution: int = 20) -> list[Path]:
    """Pages of a PDF as PNG images (pdftoppm)."""
    needs_poppler()
    prefix = out / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(resolution), "-png", "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    return sorted(out.glob(f"{pdf.stem}-*.png"))


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None) -> str:
    needs_poppler()
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True)
    return done.stdout.decode("utf-8")


def pdf_pages(pdf: Path) -> int:
    needs_poppler()
    done = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True)
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")


def hand_suggestions(analysis: Analysis) -> tuple[Suggestions, int]:
    """Suggestions made by hand on the demo schools: a closure to two schools, a merger, a
    teaching point sending its older pupils on, a new day school and a new boarding school.

    Returns them and the number of arrows they need (2 + 1 + 1).
    """
    schools = analysis.project.schools
    primary = schools[schools["type"].astype(str) == "primary"]["school_id"].astype(str).tolist()
    a, b, c, d, e, f = primary[:6]
    x, y = float(schools.geometry.x.mean()), float(schools.geometry.y.mean())

    def item(n: int, action: str, ids: tuple[str, ...], receiving: tuple[str, ...], edits, sites=()):  # type: ignore[no-untyped-def]
        return Suggestion(
            id=f"S{n:02d}", level="primary", action=action, school_ids=ids, school_names=ids,
            receiving_ids=receiving, sites=tuple(sites), children_affected=10.0, mean_before_min=10.0,
            mean_after_min=20.0, worst_before_min=15.0, worst_after_min=25.0, new_boarders=0.0, seats_needed=0,
            beds_needed=0, rationale_zh="测试", rationale_en="test", edits=tuple(edits),
        )  # fmt: skip

    items = (
        item(1, "close", (a,), (b, c), [Close(a)]),
        item(2, "merge", (d, e), (e,), [Merge((d, e), into=e)]),
        item(3, "to_teaching_point", (f,), (b,), [ChangeGrades(f, 1, 3)]),
        item(4, "new_day_school", (), (), [], [NewSite("新村", x, y, "teaching_point", 60, 0)]),
        item(5, "new_boarding_school", (), (), [], [NewSite("新镇", x + 3000, y, "primary", 300, 100)]),
    )
    return Suggestions(items), 4


@pytest.fixture(scope="module")
def demo() -> Analysis:
    return demo_analysis()


@pytest.fixture(scope="module")
def scenario(demo: Analysis) -> tuple[Analysis, str]:
    """The demo county with its smallest primary school closed."""
    schools = demo.project.schools
    enrol = sum(schools[f"enrol_g{g}"] for g in range(1, 7))
    small = str(schools.loc[(enrol + (schools["type"] != "primary") * 10**6).idxmin(), "school_id"])
    scen = Scenario("关闭最小的小学", (Close(small),))
    return evaluate_scenario(demo.project, scen, demo.standards), small


@pytest.fixture(scope="module")
def figures(demo: Analysis, scenario: tuple[Analysis, str]) -> dict[str, object]:
    """One figure of each map type, at a low resolution."""
    sheet = MapSheet(dpi=LOW_DPI)
    suggestions, _ = hand_suggestions(demo)
    return {
        "catchments": catchment_map(demo, "primary", sheet),
        "travel_time": travel_time_map(demo, "primary", 0, MapSheet(dpi=LOW_DPI, language="en")),
        "comparison": comparison_map(demo, scenario[0], "primary", sheet, scenario_name="关闭最小的小学"),
        "suggestions": suggestion_map(demo, suggestions, MapSheet(dpi=LOW_DPI, orientation="portrait", paper="A3")),
    }


# --------------------------------------------------------------------------- every map, every format


TITLES = {
    "catchments": "半仓县小学学校服务范围",
    "travel_time": "Primary travel time to school",
    "comparison": "现状与方案对比",
    "suggestions": "半仓县学校布局调整建议",
}


@pytest.mark.parametrize("kind", list(TITLES))
def test_each_map_renders_to_png_pdf_and_svg(kind: str, figures: dict[str, object], tmp_path: Path) -> None:
    fig = figures[kind]
    png = save_figure(fig, tmp_path / f"{kind}.png")  # type: ignore[arg-type]
    assert_non_blank(png)
    svg = save_figure(fig, tmp_path / f"{kind}.svg")  # type: ignore[arg-type]
    text = svg.read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed XML
    assert TITLES[kind] in text
    pdf = save_figure(fig, tmp_path / f"{kind}.pdf")  # type: ignore[arg-type]
    assert pdf.read_bytes().startswith(b"%PDF")
    # Only the three maps are left: no temporary files beside them.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{kind}{s}" for s in (".pdf", ".png", ".svg"))
    needs_poppler()
    pages = tmp_path / "pages"
    pages.mkdir()
    (page,) = pdf_page_images(pdf, pages)
    assert_non_blank(page)
    assert TITLES[kind] in pdf_text(pdf).replace("\n", " ")


def test_png_at_300_dpi_is_an_a4_landscape_page(figures: dict[str, object], demo: Analysis, tmp_path: Path) -> None:
    fig = travel_time_map(demo, "primary", 0, MapSheet())  # A4 landscape, 300 dpi by default
    png = save_figure(fig, tmp_path / "tt.png")
    _, _, (width, height) = image_stats(png)
    # 297 x 210 mm at 300 dots per inch.
    assert abs(width - 297 / 25.4 * 300) <= 1
    assert abs(height - 210 / 25.4 * 300) <= 1
    assert_non_blank(png)


def test_pdf_page_has_the_paper_size(figures: dict[str, object], tmp_path: Path) -> None:
    needs_poppler()
    pdf = save_figure(figures["suggestions"], tmp_path / "s.pdf")  # type: ignore[arg-type]
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True).stdout.decode()
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    # A3 portrait: 297 x 420 mm in points.
    assert float(size[2]) == pytest.approx(297 / 25.4 * 72, abs=0.5)
    assert float(size[4]) == pytest.approx(420 / 25.4 * 72, abs=0.5)


def test_chinese_title_is_embedded_text_in_the_pdf(demo: Analysis, tmp_path: Path) -> None:
    needs_poppler()
    sheet = MapSheet(dpi=LOW_DPI, title="半仓县小学布局现状图", subtitle="现状 · 2026年")
    pdf = save_figure(catchment_map(demo, "primary", sheet), tmp_path / "c.pdf")
    text = pdf_text(pdf)
    assert "半仓县小学布局现状图" in text
    assert "图例" in text and "北" in text and "公里" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True).stdout.decode()
    assert "NotoSansSC" in fonts
    assert "Type 3" not in fonts


# --------------------------------------------------------------------------- what is drawn


def test_comparison_panels_show_the_same_ground_and_cross_out_the_closed_school(
    figures: dict[str, object], scenario: tuple[Analysis, str], demo: Analysis
) -> None:
    fig = figures["comparison"]
    left, right = fig.axes[:2]  # type: ignore[attr-defined]
    assert left.get_xlim() == right.get_xlim()
    assert left.get_ylim() == right.get_ylim()
    schools = demo.project.schools
    closed = schools[schools["school_id"].astype(str) == scenario[1]].geometry.iloc[0]

    def crosses(ax: object) -> list[tuple[float, float]]:
        from matplotlib.collections import PathCollection

        out = []
        for coll in ax.collections:  # type: ignore[attr-defined]
            if isinstance(coll, PathCollection) and np.allclose(
                coll.get_facecolor()[:, :3], [[0.698, 0.094, 0.169]], atol=0.01
            ):
                out += [tuple(p) for p in coll.get_offsets()]
        return out

    assert crosses(left) == []
    assert crosses(right) == [pytest.approx((closed.x, closed.y))]


def test_suggestion_map_draws_an_arrow_per_moved_school_and_every_mark(
    figures: dict[str, object], demo: Analysis
) -> None:
    from matplotlib.patches import FancyArrowPatch

    _, n_arrows = hand_suggestions(demo)
    fig = figures["suggestions"]
    ax = fig.axes[0]  # type: ignore[attr-defined]
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == n_arrows
    legend_texts = {t.get_text() for a in fig.axes for lg in [a.get_legend()] if lg for t in lg.get_texts()}  # type: ignore[attr-defined]
    zh = words("zh", "suggestion")  # the words of the marks and arrows
    for key in ("closed", "merged_into", "to_teaching_point", "new_day_school", "new_boarding_school", "moves"):
        assert zh[key] in legend_texts
    labels = {t.get_text() for t in ax.texts}
    assert {"S01", "S02", "S03", "S04", "S05"} <= labels


def test_english_sheet_uses_english_fixed_words(figures: dict[str, object]) -> None:
    fig = figures["travel_time"]
    texts = {t.get_text() for a in fig.axes for t in a.texts}  # type: ignore[attr-defined]
    legend = fig.axes[1].get_legend()  # type: ignore[attr-defined]
    assert legend.get_title().get_text() == "Legend"
    assert "N" in texts and "km" in texts
    assert "图例" not in texts


# --------------------------------------------------------------------------- robustness


def test_a_script_name_and_dollar_signs_do_not_break_rendering(demo: Analysis, tmp_path: Path) -> None:
    named = with_school_name(demo, 0, SCRIPT_NAME)
    suggestions, _ = hand_suggestions(named)
    sheet = MapSheet(dpi=LOW_DPI, title=SCRIPT_NAME, subtitle="$\\frac{", source="<b>&amp;</b> $")
    fig = suggestion_map(named, suggestions, sheet)
    svg = save_figure(fig, tmp_path / "s.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    png = save_figure(fig, tmp_path / "s.png")
    assert_non_blank(png)


def test_save_figure_rejects_other_formats_and_leaves_nothing_half_written(
    figures: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fig = figures["travel_time"]
    with pytest.raises(ValueError, match=r"\.jpg"):
        save_figure(fig, tmp_path / "map.jpg")  # type: ignore[arg-type]
    target = tmp_path / "map.png"
    target.write_bytes(b"old")

    def broken(*args: object, **kwargs: object) -> None:
        Path(args[0]).write_bytes(b"partial")  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(OSError, match="disk full"):
        save_figure(fig, target)  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_maps_can_be_drawn_in_threads(demo: Analysis, tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            fig = travel_time_map(demo, "junior", 0, MapSheet(dpi=20, language="en" if k else "zh"))
            save_figure(fig, tmp_path / f"t{k}.png")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all((tmp_path / f"t{k}.png").stat().st_size > 1000 for k in range(2))


# --------------------------------------------------------------------------- sheet and scale bar


def test_sheet_sizes_and_validation() -> None:
    assert MapSheet().size_mm == (297.0, 210.0)
    assert MapSheet(paper="A3", orientation="portrait").size_mm == (297.0, 420.0)
    with pytest.raises(ValueError, match="paper") as info:
        MapSheet(paper="A5", language="fr")  # type: ignore[arg-type]
    assert "language" in str(info.value)  # every problem named at once


@pytest.mark.parametrize(("target", "nice"), [(7.3, 5.0), (0.23, 0.2), (10.0, 10.0), (1.99, 1.0), (260.0, 200.0)])
def test_scale_bar_length_is_round(target: float, nice: float) -> None:
    assert P.nice_length(target) == pytest.approx(nice)


def test_scale_bar_matches_the_map(figures: dict[str, object], demo: Analysis) -> None:
    # The bar is a round length of at most a fifth of the map's width, in km of the projected CRS.
    ax = figures["catchments"].axes[0]  # type: ignore[attr-defined]
    x0, x1 = ax.get_xlim()
    labels = [t.get_text() for t in ax.texts]
    width_km = (x1 - x0) / 1000.0
    expected = P.nice_length(width_km / 5)
    assert f"{expected:g}" in labels
    assert expected <= width_km / 5 < expected * 2.5
