"""Reading tables from county files: spreadsheets in any common encoding and vector attributes.

The shared machinery of the spreadsheet readers (schools, births, enrolment history): a CSV's
encoding found (byte-order mark, UTF-8, GB18030, else the least garbled of charset-normalizer's
guesses), an XLSX sheet chosen, the header row found below any title rows, blank rows skipped
with a note, and headers and cells normalised for matching (full-width forms, traditional
characters, spaces, brackets). Every finding goes to an
:class:`~gis.importing.report.ImportReport`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.messages import text

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    import pyproj
    from shapely.geometry.base import BaseGeometry

    from gis.importing.report import ImportReport

SPREADSHEET_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".zip")


@dataclass(frozen=True)
class TableKind:
    """What a table holds, for finding its header and wording the reader's messages.

    ``rows`` names the things in it (``schools``), ``headers`` are the normalised headers
    known for it (see :func:`norm`), ``example`` a few of them as a planner writes them.
    """

    rows: str
    headers: frozenset[str]
    example: str


@dataclass
class Table:
    """A file's cells as read, before any interpretation."""

    file: str
    header: list[str]
    rows: list[list[Any]]
    wheres: list[str]
    vector: bool = False
    geometry: list[BaseGeometry | None] | None = None
    crs: pyproj.CRS | None = None
    encoding: str | None = None
    sheets: tuple[str, ...] = ()
    sheet: str | None = None
    unit_scale: dict[str, float] = field(default_factory=dict)


#: Traditional characters of the headers and values SchoolPlan knows, to their simplified
#: forms, so that a Big5 table (學校名稱, 經度, 小學) matches too.
_SIMPLIFIED = str.maketrans(
    "專東鄉書產儀冊別辦動歷縣圖場備學屬師數術標點獨電碼積稱類級緯經職腦藝規計設識貫資運鎮館體於臺幹機築",
    "专东乡书产仪册别办动历县图场备学属师数术标点独电码积称类级纬经职脑艺规计设识贯资运镇馆体于台干机筑",
)


def norm(text: object) -> str:
    """A header or value reduced for matching: NFKC, simplified characters, lower case, no spaces,
    brackets or separators."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower().replace("\ufeff", "").translate(_SIMPLIFIED)
    s = re.sub(r"[(\[【（][^)\]】）]*[)\]】）]", "", s)
    return re.sub(r"[\s_\-.:*/]+", "", s)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values in vector attributes
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value: object) -> str:
    """A cell as a planner would read it."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def where_rows(rows: list[str]) -> str:
    """``row 4`` or ``rows 2, 3, 9`` (the first dozen, then how many more)."""
    if len(rows) == 1:
        return rows[0]
    kind = rows[0].split(" ")[0]
    numbers = ", ".join(r.split(" ", 1)[-1] for r in rows[:12])
    more = text(" and {size} more", size=len(rows) - 12) if len(rows) > 12 else ""
    if kind == "row":
        return text("rows {numbers}{more}", numbers=numbers, more=more)
    if kind == "feature":
        return text("features {numbers}{more}", numbers=numbers, more=more)
    return f"{kind}s {numbers}{more}"


# --------------------------------------------------------------------------------------------
# Reading files into tables


#: Byte-order marks and the encoding they announce (UTF-32 before UTF-16: its mark starts alike).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
#: Encodings spreadsheets are commonly saved in, tried besides charset-normalizer's own search
#: (which passes over single-byte Western encodings when a CJK one fits loosely).
_COMMON_ENCODINGS = (
    "gb18030", "big5", "cp1252", "utf_16_le", "utf_16_be", "cp932", "cp949", "cp1251", "cp1250", "latin_1",
)  # fmt: skip
#: GB18030 is taken when charset-normalizer's mess ratio of its text is at most this and at
#: least this share of its non-ASCII characters are in GB2312 (Big5, Shift-JIS or Western
#: text read as GB18030 gives rarer characters).
_GBK_CHAOS = 0.1
_GB2312_SHARE = 0.9
_ENCODING_LABELS = {
    "gb18030": "GB18030 (GBK)",
    "big5": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "cp1252": "Windows-1252 (cp1252)",
    "latin_1": "Latin-1 (ISO-8859-1)",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 LE",
    "utf_16_be": "UTF-16 BE",
    "cp932": "Shift-JIS (cp932)",
    "shift_jis": "Shift-JIS",
    "cp949": "EUC-KR (cp949)",
    "euc_kr": "EUC-KR",
    "cp1251": "Windows-1251 (cp1251)",
    "cp1250": "Windows-1250 (cp1250)",
}


def decode(data: bytes, file: str, report: ImportReport) -> tuple[str, str] | None:
    """The text of a CSV file and a label of its encoding, or None after an error.

    A byte-order mark decides; else strict UTF-8; else GB18030 when it decodes the bytes into
    the characters of GB2312 and charset-normalizer finds the result hardly garbled (short GBK
    files fit Korean or Japanese code pages as well, and GBK is what Chinese Excel writes);
    else the encoding charset-normalizer finds least garbled.
    """
    from charset_normalizer import from_bytes

    for mark, encoding, label in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), label
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    chaos: dict[str, float] = {}
    for matches in (from_bytes(data), from_bytes(data, cp_isolation=list(_COMMON_ENCODINGS))):
        for match in matches:
            chaos[match.encoding] = min(match.chaos, chaos.get(match.encoding, 1.0))
    try:
        content = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if chaos.get("gb18030", 1.0) <= _GBK_CHAOS and _gb2312_share(content) >= _GB2312_SHARE:
            return content, _ENCODING_LABELS["gb18030"]
    if chaos:
        least = min(chaos.values())
        preferred = [e for e in _COMMON_ENCODINGS if chaos.get(e, 1.0) <= least]
        encoding = (preferred or [min(chaos, key=lambda e: chaos[e])])[0]
        try:
            return data.decode(encoding), _ENCODING_LABELS.get(encoding, encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    report.error(
        text("the file is not text in any encoding SchoolPlan recognises"),
        file=file,
        fix=text("open it in Excel or a text editor and save it as CSV UTF-8"),
    )
    return None


def _gb2312_share(text: str) -> float:
    """The share of non-ASCII characters of ``text`` that GB2312 holds (0 when all are ASCII)."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 0.0
    inside = 0
    for ch in wide:
        code = ch.encode("gb18030")
        inside += len(code) == 2 and 0xA1 <= code[0] <= 0xF7 and 0xA1 <= code[1] <= 0xFE
    return inside / len(wide)


def _csv_rows(content: str, file: str, report: ImportReport) -> list[list[Any]] | None:
    sample = content[:8192]
    delimiter = ","
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    if counts[","] == 0 and max(counts.values()) > 0:
        delimiter = max(counts, key=lambda d: counts[d])
    try:
        return [list(r) for r in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        report.error(
            text("the CSV text cannot be split into cells ({exc})", exc=exc),
            file=file,
            fix=text("save it again as CSV"),
        )
        return None


def _xlsx_rows(
    path: Path, sheet: str | None, file: str, report: ImportReport
) -> tuple[list[list[Any]], tuple[str, ...], str] | None:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged or foreign files
        report.error(
            text("not a readable Excel workbook ({name})", name=type(exc).__name__),
            file=file,
            fix=text("open it in Excel and save it again as .xlsx (or as CSV)"),
        )
        return None
    try:
        names = tuple(str(n) for n in book.sheetnames)
        if not names:
            report.error(text("the workbook has no sheets"), file=file)
            return None
        chosen = names[0] if sheet is None else sheet
        if chosen not in names:
            report.error(
                text("no sheet of this name in the workbook"),
                file=file,
                field="sheet",
                value=chosen,
                fix=text("sheets: {names}", names=", ".join(names)),
            )
            return None
        rows: list[list[Any]] = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for values in book[chosen].iter_rows(values_only=True):
                    rows.append(list(values))
        except Exception as exc:  # damaged sheet XML
            report.error(
                text("the sheet cannot be read ({name})", name=type(exc).__name__),
                file=file,
                field="sheet",
                value=chosen,
                fix=text("open it in Excel and save it again as .xlsx"),
            )
            return None
        return rows, names, chosen
    finally:
        book.close()


def _spreadsheet(path: Path, sheet: str | None, report: ImportReport, kind: TableKind) -> Table | None:
    file = str(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods"):
        report.error(
            text("old or foreign spreadsheet format"), file=file, value=suffix, fix=text("save it as .xlsx or CSV")
        )
        return None
    encoding: str | None = None
    sheets: tuple[str, ...] = ()
    if suffix in (".xlsx", ".xlsm"):
        got = _xlsx_rows(path, sheet, file, report)
        if got is None:
            return None
        raw, sheets, sheet = got
    else:
        data = path.read_bytes()
        if not data.strip(b" \t\r\n\xef\xbb\xbf"):
            report.error(
                text("the file is empty"), file=file, fix=text("export the {rows} table again", rows=kind.rows)
            )
            return None
        decoded = decode(data, file, report)
        if decoded is None:
            return None
        content, encoding = decoded
        report.note(text("text read as {encoding}", encoding=encoding), file=file)
        rows = _csv_rows(content, file, report)
        if rows is None:
            return None
        raw = rows
    return _header_and_rows(raw, file, report, kind, encoding=encoding, sheets=sheets, sheet=sheet)


def _looks_numeric(value: object) -> bool:
    if isinstance(value, int | float):
        return True
    return cell_number(value) is not None


def _header_and_rows(
    raw: list[list[Any]],
    file: str,
    report: ImportReport,
    kind: TableKind,
    *,
    encoding: str | None,
    sheets: tuple[str, ...],
    sheet: str | None,
) -> Table | None:
    filled = [i for i, r in enumerate(raw) if any(not is_blank(v) for v in r)]
    if not filled:
        report.error(text("the file is empty"), file=file, fix=text("export the {rows} table again", rows=kind.rows))
        return None
    # The header is the first row naming two known columns within the first ten filled rows
    # (county tables often have a title row above it), else the first filled row.
    head = filled[0]
    for i in filled[:10]:
        if sum(norm(v) in kind.headers for v in raw[i] if not is_blank(v)) >= 2:
            head = i
            break
    header_cells = raw[head]
    known = any(norm(v) in kind.headers for v in header_cells if not is_blank(v))
    if all(is_blank(v) or _looks_numeric(v) for v in header_cells) or (
        not known and any(_looks_numeric(v) for v in header_cells)
    ):
        report.error(
            text("no header row: the first row holds values, not column names"),
            file=file,
            where=text("row {n}", n=head + 1),
            fix=text("add a first row naming the columns ({example} …)", example=kind.example),
        )
        return None
    above = [f"row {i + 1}" for i in filled if i < head]
    if above:
        title = " ".join(cell_text(v) for v in raw[filled[0]] if not is_blank(v))
        report.note(text("rows above the header skipped (title)"), file=file, where=where_rows(above), value=title)
    width = max(len(header_cells), *(len(raw[i]) for i in filled))
    header = [cell_text(v) for v in header_cells] + [""] * (width - len(header_cells))
    rows: list[list[Any]] = []
    wheres: list[str] = []
    empty: list[str] = []
    for i in range(head + 1, len(raw)):
        cells = list(raw[i]) + [None] * (width - len(raw[i]))
        if all(is_blank(v) for v in cells):
            if i <= filled[-1]:
                empty.append(f"row {i + 1}")
            continue
        rows.append(cells)
        wheres.append(text("row {n}", n=i + 1))
    if empty:
        report.note(text("{n_empty} empty row(s) skipped", n_empty=len(empty)), file=file, where=where_rows(empty))
    return Table(file, header, rows, wheres, encoding=encoding, sheets=sheets, sheet=sheet)


def _vector(path: Path, layer: str | None, report: ImportReport, kind: TableKind) -> Table | None:
    import pyogrio

    file = str(path)
    try:
        listed = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # GDAL's messages vary; report them as they are
        report.error(
            text("not a readable GIS file ({exc})", exc=exc),
            file=file,
            fix=text("export it again as GeoPackage or GeoJSON"),
        )
        return None
    if not listed:
        report.error(text("the file has no layers"), file=file)
        return None
    if layer is None:
        if len(listed) > 1:
            report.error(
                text("the file has several layers; say which holds the {rows}", rows=kind.rows),
                file=file,
                field="sheet",
                fix=text("choose one with --sheet (the wizard: sheet); layers: {listed}", listed=", ".join(listed)),
            )
            return None
        layer = listed[0]
    elif layer not in listed:
        report.error(
            text("no layer of this name in the file"),
            file=file,
            field="sheet",
            value=layer,
            fix=text("layers: {listed}", listed=", ".join(listed)),
        )
        return None
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer, on_invalid="ignore")
    except Exception as exc:  # GDAL's messages vary; report them as they are
        report.error(text("the layer cannot be read ({exc})", exc=exc), file=file, field="sheet", value=layer)
        return None
    if len(gdf) == 0:
        report.error(text("the layer has no features"), file=file, field="sheet", value=layer)
        return None
    columns = [str(c) for c in gdf.columns if c != gdf.geometry.name]
    rows = [list(r) for r in gdf[columns].itertuples(index=False, name=None)]
    table = Table(
        file,
        columns,
        rows,
        [f"feature {i}" for i in range(len(gdf))],
        vector=True,
        geometry=list(gdf.geometry),
        crs=gdf.crs,
        sheets=tuple(listed),
        sheet=layer,
    )
    return table


def read_table(path: Path, sheet: str | None, report: ImportReport, kind: TableKind) -> Table | None:
    """The cells of a spreadsheet (CSV in any common encoding, XLSX) or of a vector layer's
    attributes, below the header row; None after reporting why the file cannot be read.

    The header is the first of the first ten filled rows naming two of ``kind.headers``
    (county tables often have a title row above it). Rows are named as a planner sees them
    in Excel (header = row 1); features of vector layers are counted from 0.
    """
    file = str(path)
    if not path.exists():
        report.error(text("file not found"), file=file, fix=text("check the path"))
        return None
    suffix = path.suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        return _vector(path, sheet, report, kind)
    if path.is_dir():
        report.error(
            text("a folder, not a file"), file=file, fix=text("choose the .csv, .xlsx, .gpkg, .shp or .geojson file")
        )
        return None
    return _spreadsheet(path, sheet, report, kind)


def cell_number(value: object) -> float | None:
    """A cell as a number, or None when it is not one (blank cells are handled by the caller)."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    if not isinstance(value, str):
        return None
    s = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return None
    try:
        return float(s)
    except ValueError:  # pragma: no cover - the pattern only admits floats
        return None


# --------------------------------------------------------------------------------------------
# Columns


def detect_columns(header: list[str] | tuple[str, ...], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The field each recognised header stands for, as {field: header}.

    Fields are tried in the order of ``synonyms`` and each field's names in their order, so the
    more specific wins when two headers compete; of two identical headers the first is used.
    """
    found: dict[str, str] = {}
    taken: set[str] = set()
    for key, names in synonyms.items():
        for synonym in names:
            match = next((h for h in header if h and h not in taken and norm(h) == norm(synonym)), None)
            if match is not None:
                found[key] = match
                taken.add(match)
                break
    return found


def resolve_columns(
    table: Table,
    synonyms: Mapping[str, tuple[str, ...]],
    report: ImportReport,
    *,
    explicit: Mapping[str, str | None] | None = None,
    detect: Callable[[list[str]], dict[str, str]] | None = None,
) -> dict[str, int] | None:
    """{field: column index}: the explicit mapping over the detected headers, or None after
    reporting an explicit mapping that names an unknown field or a column not in the file.

    ``detect`` finds the fields of the headers the explicit mapping leaves (default
    :func:`detect_columns` with ``synonyms``).
    """
    explicit = dict(explicit or {})
    header = table.header
    stripped = [h.strip() for h in header]
    bad = False
    for key, name in explicit.items():
        if key not in synonyms:
            report.error(
                text("unknown field in the column mapping"),
                file=table.file,
                field=str(key),
                fix=text("fields: {synonyms}", synonyms=", ".join(synonyms)),
            )
            bad = True
        elif name is not None and name.strip() not in stripped:
            report.error(
                text("the column mapping names a column that is not in the file"),
                file=table.file,
                field=key,
                value=name,
                fix=text("columns: {items}", items=", ".join(h for h in header if h)),
            )
            bad = True
    if bad:
        return None
    taken = {str(v).strip() for v in explicit.values() if v is not None}
    rest = [h if h.strip() not in taken else "" for h in header]
    detected = detect(rest) if detect is not None else detect_columns(rest, dict(synonyms))
    chosen = {k: v for k, v in detected.items() if k not in explicit}
    chosen.update({k: v for k, v in explicit.items() if v is not None})
    return {k: (header.index(v) if v in header else stripped.index(v.strip())) for k, v in chosen.items()}


def map_columns(
    table: Table,
    synonyms: dict[str, tuple[str, ...]],
    report: ImportReport,
    *,
    required: tuple[tuple[str, ...], ...],
    explicit: dict[str, str | None] | None = None,
    advice: str = "",
) -> Columns | None:
    """The table's columns mapped to fields, or None after reporting why they cannot be.

    Parameters
    ----------
    table
        The table as read.
    synonyms
        Field → the headers recognised for it.
    report
        Findings go here: an unknown field or a column not in the file in ``explicit``, the
        required fields missing (errors), the columns not used (a note).
    required
        Fields the table must have; a tuple of several means one of them.
    explicit
        {field: header} overriding the detected columns (None: do not use this field).
    advice
        Added to the fix of missing columns.
    """
    header = table.header
    found = resolve_columns(table, synonyms, report, explicit=explicit)
    if found is None:
        return None
    index = found
    missing = [alternatives for alternatives in required if not any(k in index for k in alternatives)]
    if missing:
        names = ", ".join(" or ".join(f"{k} ({synonyms[k][0]})" for k in alternatives) for alternatives in missing)
        report.error(
            text("required columns are missing: {names}", names=names),
            file=table.file,
            field=", ".join("/".join(alternatives) for alternatives in missing),
            fix=text(
                "add them or map them (the column mapping){advice}; columns found: {found}{encoding}",
                advice=advice,
                found=", ".join(h for h in header if h) or text("none"),
                encoding=text(
                    "; the text was read as {encoding}: if these look garbled, save the file as CSV UTF-8",
                    encoding=table.encoding,
                )
                if table.encoding
                else "",
            ),
        )
        return None
    used = set(index.values())
    ignored = [h or f"column {i + 1} (no header)" for i, h in enumerate(header) if i not in used]
    if ignored:
        report.note(
            text("{n_ignored} column(s) not used: {ignored}", n_ignored=len(ignored), ignored=", ".join(ignored)),
            file=table.file,
        )
    return Columns(table, index, report)


@dataclass
class Columns:
    """A table with its columns mapped to fields; findings located by row and column."""

    table: Table
    index: dict[str, int]
    report: ImportReport

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def __len__(self) -> int:
        return len(self.table.rows)

    def cells(self, key: str) -> list[Any]:
        """The cells of a field's column (blanks when the field has no column)."""
        if key not in self.index:
            return [None] * len(self.table.rows)
        col = self.index[key]
        return [r[col] for r in self.table.rows]

    def label(self, key: str) -> str:
        """``births (出生人数)``: the field and its header in the file."""
        header = self.table.header[self.index[key]] if key in self.index else ""
        return f"{key} ({header})" if header and header != key else key

    def years(self, *, fix: str) -> list[tuple[int, bool] | None]:
        """Each row's year and whether it was written as a school year (:func:`cell_year`);
        None, with an error at the row, where the year is missing or not a year."""
        out: list[tuple[int, bool] | None] = []
        for i, v in enumerate(self.cells("year")):
            got = cell_year(v)
            if got is None:
                self.problem(
                    "error",
                    i,
                    text("year missing") if cell_text(v) == "" else text("not a year"),
                    key="year",
                    value=v,
                    fix=fix,
                )
            out.append(got)
        return out

    def problem(
        self, severity: str, row: int | list[int], problem: str, *, key: str = "", value: object = "", fix: str = ""
    ) -> None:
        """A finding about one row (index into the table's rows) or several, at a field's column."""
        rows = row if isinstance(row, list) else [row]
        self.report.add(
            severity,  # type: ignore[arg-type]
            problem,
            file=self.table.file,
            where=where_rows([self.table.wheres[i] for i in rows]) if rows else "",
            field=self.label(key) if key else "",
            value=value if isinstance(value, str) else cell_text(value),
            fix=fix,
        )

    def counts(self, key: str, *, noun: str = "count", blank: str = "note") -> np.ndarray:
        """A column of counts as floats, NaN where blank or wrong.

        Text and negative values are errors; fractions are rounded with a warning; blank cells
        are a note (read as 0) or, with ``blank="error"``, an error each.
        """
        n = len(self.table.rows)
        out = np.full(n, np.nan)
        blanks: list[int] = []
        for i, v in enumerate(self.cells(key)):
            if is_blank(v):
                blanks.append(i)
                continue
            x = cell_number(v)
            if x is None or not math.isfinite(x):
                self.problem(
                    "error",
                    i,
                    text("not a number"),
                    key=key,
                    value=v,
                    fix=text("write the {noun} as digits, e.g. 12", noun=noun),
                )
            elif x < 0:
                self.problem(
                    "error", i, text("negative {noun}", noun=noun), key=key, value=v, fix=text("write zero or more")
                )
            elif x > 1e9:
                self.problem(
                    "error", i, text("number too large to be right"), key=key, value=v, fix=text("check the value")
                )
            else:
                if abs(x - round(x)) > 1e-9:
                    self.problem("warning", i, text("not a whole number; rounded"), key=key, value=v)
                out[i] = round(x)
        if blanks and key in self.index:
            if blank == "error":
                for i in blanks:
                    self.problem(
                        "error",
                        i,
                        text("{noun} missing", noun=noun),
                        key=key,
                        fix=text("fill in the {noun} (0 if there were none)", noun=noun),
                    )
            else:
                self.problem("note", blanks, text("blank cells read as 0"), key=key)
                out[blanks] = 0.0
        return out


_YEAR = re.compile(r"(\d{4})(?:\s*[-–—/至]\s*(\d{2,4}))?\s*(?:学年度|年度|学年|年)?")


def cell_year(value: object) -> tuple[int, bool] | None:
    """A cell as a calendar year, and whether it was a school year (``2024-2025`` or
    ``2024学年``: the year it began, the year of its autumn census); None if it is no year."""
    if isinstance(value, bool):
        return None
    number = cell_number(value)
    if number is not None:
        if number.is_integer() and 1900 <= number <= 2200:
            return int(number), False
        return None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    match = _YEAR.fullmatch(text)
    if match is None:
        return None
    year = int(match.group(1))
    school_year = match.group(2) is not None or "学年" in text
    if match.group(2) is not None:
        end = int(match.group(2))
        end = end + 100 * (year // 100) if end < 100 else end
        if end != year + 1:
            return None
    return (year, school_year) if 1900 <= year <= 2200 else None
