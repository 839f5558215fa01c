"""Interop of Koppelhulp's work file with Python's reference tools (tests/interop_werkbestand.rs).

  werkbestand.py read FILE PASSWORD
      decrypt FILE with msoffcrypto-tool, read every sheet with openpyxl, print
      {"sheet name": [[cell, ...], ...], ...} as JSON (cells: text, number or null).
  werkbestand.py write JSON_FILE OUT PASSWORD
      make a workbook with openpyxl from {"sheets": [{"name": ..., "rows": [[...]]}]} and encrypt it
      with msoffcrypto-tool (ECMA-376 Agile, as Excel does) into OUT.
"""

import io
import json
import sys

import msoffcrypto
from msoffcrypto.format.ooxml import OOXMLFile
import openpyxl


def read(path, password):
    with open(path, "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password=password, verify_password=True)
        plain = io.BytesIO()
        office.decrypt(plain, verify_integrity=True)
    book = openpyxl.load_workbook(plain, read_only=True, data_only=True)
    out = {}
    for sheet in book.worksheets:
        out[sheet.title] = [
            [c for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    print(json.dumps(out, ensure_ascii=False, default=str))


def write(json_path, out_path, password):
    with open(json_path, encoding="utf-8") as f:
        spec = json.load(f)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in spec["sheets"]:
        ws = book.create_sheet(sheet["name"])
        for row in sheet["rows"]:
            ws.append(row)
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    office = OOXMLFile(plain)
    with open(out_path, "wb") as out:
        office.encrypt(password, out)


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
