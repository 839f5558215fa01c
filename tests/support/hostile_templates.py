#!/usr/bin/env python3
"""Write DUO-like templates that hold more than DUO's layout, for tests/koci_template.rs: each must
be refused as a template (or kept without the part, for formulas). Made with openpyxl; the parts
openpyxl cannot make (an external link, connections, a pivot cache, macros) are added to its
package the way Excel stores them. LibreOffice versions are made by the test (soffice).

    .venv/bin/python tests/support/hostile_templates.py OUTDIR
"""

import datetime
import sys
import zipfile
from pathlib import Path

import openpyxl

HEADERS = ["Burgerservicenummer", "Onderwijsnummer", "Geslachtsnaam", "Voorvoegsels",
           "Voornamen", "Geboortedatum", "Geslacht", "Postcode", "Opmerking Gemeente/Regio"]
# Numbers that pass the elfproef (test numbers), names and birth dates: what a pupil list holds.
PUPILS = [
    [123456782, "Jansen", "Anna", datetime.date(2012, 3, 5)],
    [111222333, "Bakker", "Sem", datetime.date(2011, 7, 9)],
]


def duo(title="Koppelen gegevens"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Koppeling"
    sheet["A1"] = title
    for col, header in enumerate(HEADERS, start=1):
        sheet.cell(row=3, column=col, value=header)
    info = book.create_sheet("Toelichting")
    info["A1"] = "Vul per leerling één regel in."
    lists = book.create_sheet("Lijsten")
    for row, code in enumerate(["M", "V", "O"], start=1):
        lists.cell(row=row, column=1, value=code)
    book.properties.creator = "Koppelhulp test fixture"
    return book


def with_parts(source, target, parts, types, workbook_rels=(), main_type=None):
    """Copy the package, adding parts, content-type overrides and workbook relationships."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                text = data.decode()
                extra = "".join(
                    f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in types
                )
                if main_type:
                    text = text.replace(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        main_type,
                    )
                data = text.replace("</Types>", extra + "</Types>").encode()
            elif item.filename == "xl/_rels/workbook.xml.rels":
                text = data.decode()
                extra = "".join(
                    f'<Relationship Id="rIdX{i}" Type="{ty}" Target="{t}"{mode}/>'
                    for i, (ty, t, mode) in enumerate(workbook_rels)
                )
                data = text.replace("</Relationships>", extra + "</Relationships>").encode()
            zout.writestr(item, data)
        for name, data in parts:
            zout.writestr(name, data)


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)

    # A visible and a hidden sheet of pupils.
    for name, state in [("leerlingen-zichtbaar", "visible"), ("leerlingen-verborgen", "hidden")]:
        book = duo()
        pupils = book.create_sheet("Mijn lijst")
        pupils.sheet_state = state
        for r, values in enumerate(PUPILS, start=1):
            for c, v in enumerate(values, start=1):
                pupils.cell(row=r, column=c, value=v)
        book.save(out / f"{name}.xlsx")

    # Names with birth dates only (no numbers), hidden.
    book = duo()
    names = book.create_sheet("Namen")
    names.sheet_state = "hidden"
    for r, (_, surname, first, born) in enumerate(PUPILS, start=1):
        names.cell(row=r, column=1, value=f"{first} {surname}")
        names.cell(row=r, column=2, value=born)
    book.save(out / "namen-geboortedata.xlsx")

    # Rows like the koppelbestand's on another sheet, without valid numbers.
    book = duo()
    copy = book.create_sheet("Kopie")
    for col, header in enumerate(HEADERS, start=1):
        copy.cell(row=1, column=col, value=header)
    copy.cell(row=2, column=3, value="Jansen")
    book.save(out / "koppelregels-elders.xlsx")

    # Data under the header of DUO's sheet.
    book = duo()
    book["Koppeling"]["C4"] = "Jansen"
    book.save(out / "data-onder-kop.xlsx")

    # A formula in the title row and one on another sheet: kept without them.
    book = duo()
    book["Koppeling"]["A1"] = '="Koppelen gegevens "&COUNTA(A4:A1000)'
    book["Toelichting"]["B2"] = "=COUNTA(Koppeling!A4:A1000)"
    book.save(out / "formule-in-titel.xlsx")

    plain = out / "plain.xlsx"
    duo().save(plain)

    with_parts(plain, out / "externe-koppeling.xlsx",
               [("xl/externalLinks/externalLink1.xml",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                 f'xmlns:r="{R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/>'
                 '</sheetNames></externalBook></externalLink>'),
                ("xl/externalLinks/_rels/externalLink1.xml.rels",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{R}/externalLinkPath" '
                 'Target="file:///\\\\server\\share\\leerlingen.xlsx" TargetMode="External"/>'
                 '</Relationships>')],
               [("xl/externalLinks/externalLink1.xml", f"{CT}.externalLink+xml")],
               [(f"{R}/externalLink", "externalLinks/externalLink1.xml", "")])

    with_parts(plain, out / "verbindingen.xlsx",
               [("xl/connections.xml",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<connection id="1" name="Leerlingen" type="5" refreshedVersion="6" '
                 'saveData="1"><dbPr connection="Provider=SQLOLEDB;Data Source=school" '
                 'command="SELECT * FROM leerlingen"/></connection></connections>')],
               [("xl/connections.xml", f"{CT}.connections+xml")],
               [(f"{R}/connections", "connections.xml", "")])

    with_parts(plain, out / "draaitabel.xlsx",
               [("xl/pivotCache/pivotCacheDefinition1.xml",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                 'recordCount="0"><cacheSource type="worksheet"><worksheetSource ref="A3:I5" '
                 'sheet="Koppeling"/></cacheSource><cacheFields count="0"/></pivotCacheDefinition>')],
               [("xl/pivotCache/pivotCacheDefinition1.xml", f"{CT}.pivotCacheDefinition+xml")],
               [(f"{R}/pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml", "")])

    with_parts(plain, out / "macro.xlsm",
               [("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))],
               [("xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")],
               [("http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                 "vbaProject.bin", "")],
               main_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    plain.unlink()


if __name__ == "__main__":
    main(sys.argv[1])
