// A generated register as a real xlsx file (written by SheetJS, a dev-only package), for the
// 100,000-row import test and benchmark. Generated people only: onderwijsnummers from the 10xxxxxxx
// range and BSNs from the BRP test range 9999xxxxx (fewer than 1,000 exist, so they repeat).
import * as XLSX from 'xlsx';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const SURNAMES = ['Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Yılmaz', 'El Amrani', 'Kovalenko', 'Visser', 'Smit', 'Meijer'];
const GIVEN = ['Daan', 'Emma', 'Sem', 'Julia', 'Mohamed', 'Zoë', 'Oleksandr', 'Noah', 'Fatima', 'Lucas'];
const STREETS = ['Dorpsstraat', 'Kerkweg', 'Stationsplein', 'Molenlaan'];
const PLACES = ['Utrecht', 'Zeist', 'Amersfoort', 'Houten'];

/** Write `rows` pupils × 12 columns to `path`; returns the path. */
export function writeRegister(path, rows) {
  const bsns = testBsns(Math.min(rows, 800));
  const owns = testOnderwijsnummers(rows);
  const header = ['BSN', 'Onderwijsnummer', 'Achternaam', 'Tussenvoegsel', 'Voornamen', 'Geboortedatum',
    'Geslacht', 'Straat', 'Huisnummer', 'Postcode', 'Woonplaats', 'Klas'];
  const data = [['Leerlingen (gegenereerd)'], header];
  for (let i = 0; i < rows; i += 1) {
    const [voorvoegsel, ...rest] = SURNAMES[i % 10].startsWith('de ') || SURNAMES[i % 10].startsWith('van ')
      ? SURNAMES[i % 10].split(/ (?=[A-Z])/) : ['', SURNAMES[i % 10]];
    data.push([
      i % 2 === 0 ? bsns[(i / 2) % bsns.length] : '',
      i % 2 === 1 ? owns[i] : '',
      rest.join(' ') || SURNAMES[i % 10], voorvoegsel, GIVEN[(i * 7) % 10],
      new Date(Date.UTC(2008 + (i % 10), i % 12, 1 + (i % 28))),
      i % 2 ? 'V' : 'M', STREETS[i % 4], String(1 + (i % 200)),
      `${1000 + (i % 9000)}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 3) % 26))}`,
      PLACES[i % 4], `${1 + (i % 6)}${'abc'[i % 3]}`,
    ]);
  }
  const sheet = XLSX.utils.aoa_to_sheet(data, { cellDates: true, dateNF: 'dd-mm-yyyy' });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Leerlingen');
  XLSX.writeFile(book, path, { compression: true });
  return path;
}
