"""A depot's day as a CSV file: read every row, so that any bad one stops the whole file."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pydantic import ValidationError

from halte.drivers.inputs import MAX_ROWS, StopInput

COLUMNS = ("driver", "carrier", "tracking_code", "route_order", "date")


@dataclass(frozen=True)
class LineProblem:
    line: int  # as a spreadsheet numbers it: the header is line 1
    message: str


def read_stop_file(content: bytes) -> tuple[list[tuple[int, StopInput]], list[LineProblem]]:
    """The file's rows by their index from 0, and what is wrong, by line.

    UTF-8 (with or without a byte order mark), comma or semicolon, the header naming the five
    columns in any order; route_order a whole number, date as 2026-11-21.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [LineProblem(1, _("The file is not UTF-8 text; save it as CSV UTF-8."))]
    if "\x00" in text:
        return [], [LineProblem(1, _("The file is not a CSV text file."))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return [], [
            LineProblem(
                1,
                _("The header lacks %(missing)s; expected %(columns)s.")
                % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)},
            )
        ]
    reader.fieldnames = header
    rows: list[tuple[int, StopInput]] = []
    problems: list[LineProblem] = []
    try:
        for index, raw in enumerate(reader):
            line = reader.line_num
            if index >= MAX_ROWS:
                return [], [
                    LineProblem(
                        line, _("At most %(n)s stops per file; split it.") % {"n": MAX_ROWS}
                    )
                ]
            values = {column: (raw.get(column) or "").strip() for column in COLUMNS}
            if not any(values.values()):
                continue  # a blank line, as spreadsheets leave at the end
            order = values["route_order"]
            item: dict[str, object] = {
                **values,
                "route_order": int(order) if order.isdigit() else order,
            }
            try:
                rows.append((index, StopInput.model_validate(item)))
            except ValidationError as exc:
                for error in exc.errors():
                    where = ".".join(str(part) for part in error["loc"]) or "row"
                    problems.append(LineProblem(line, f"{where}: {error['msg']}"))
    except csv.Error as exc:
        problems.append(
            LineProblem(reader.line_num, _("Unreadable CSV: %(error)s") % {"error": exc})
        )
    return rows, problems
