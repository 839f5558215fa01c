#!/usr/bin/env python3
"""Print what openpyxl reads in an xlsx, as JSON: sheet names, defined names, and per sheet every
cell (value, type, number format, bold, fill, bottom border), column widths, data validations,
merged cells and the frozen pane. tests/koci_template.rs compares a template with the file
Koppelhulp wrote into it, read by this other reader.

    .venv/bin/python tests/support/workbook_summary.py FILE.xlsx   # scripts/setup --test makes .venv/
"""

import datetime
import json
import sys

import openpyxl


def value(cell):
    v = cell.value
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        return "date:" + v.date().isoformat()
    if isinstance(v, datetime.date):
        return "date:" + v.isoformat()
    if isinstance(v, bool):
        return "bool:" + str(v)
    if isinstance(v, (int, float)):
        return "num:" + repr(v)
    return "str:" + str(v)


def summary(path):
    book = openpyxl.load_workbook(path)
    out = {
        "sheets": book.sheetnames,
        "defined_names": {name: dn.attr_text for name, dn in book.defined_names.items()},
        "sheet": {},
    }
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                bottom = cell.border.bottom.style if cell.border and cell.border.bottom else None
                if cell.value is None and not cell.has_style:
                    continue
                cells[cell.coordinate] = {
                    "value": value(cell),
                    "type": cell.data_type,
                    "format": cell.number_format,
                    "bold": bool(cell.font and cell.font.b),
                    "fill": fill if isinstance(fill, str) else None,
                    "bottom": bottom,
                    "quote_prefix": bool(cell.quotePrefix),
                }
        out["sheet"][sheet.title] = {
            "cells": cells,
            "widths": {k: d.width for k, d in sorted(sheet.column_dimensions.items()) if d.customWidth},
            "validations": sorted(
                [str(dv.sqref), dv.type, dv.formula1] for dv in sheet.data_validations.dataValidation
            ),
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "freeze": sheet.freeze_panes,
            "max_row": sheet.max_row,
        }
    return out


if __name__ == "__main__":
    json.dump(summary(sys.argv[1]), sys.stdout, ensure_ascii=False, sort_keys=True)
