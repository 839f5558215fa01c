// Antwoord van DUO: open the sent file and DUO's answer (fixtures made by openpyxl), see the answers
// per row and the counts, mark two rows, export the actielijst and check its content.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { appReady, axe, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();
const DIR = 'tests/fixtures/antwoord';

test('answers per row, counts, marks and the actielijst', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/antwoord' });
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: 'Antwoord van DUO' }).waitFor();
  await page.setInputFiles('#verzonden-kiezen', `${DIR}/20261128G0363.koci.xlsx`);
  await page.getByText('Verzonden bestand: 20261128G0363.koci.xlsx (5 rijen).').waitFor();
  await page.setInputFiles('#antwoord-kiezen', `${DIR}/antwoord-gewijzigd.koci.xlsx`);
  await page.locator('#antwoord-uitkomst:focus').waitFor();
  const counts = (await page.locator('#antwoord-telling dd').allInnerTexts()).map(Number);
  assert.deepEqual(counts, [1, 3, 1, 1, 1]); // answered, without, changed, missing, not sent
  // The corrected BSN is shown with both values; DUO's own column verbatim.
  const row4 = page.locator('#rij-4');
  assert.match(await row4.innerText(), /BSN gecorrigeerd/);
  assert.match(await row4.locator('.change').innerText(), /^BSN: 999990020 → 999990068$/);
  assert.match(await page.locator('#rij-6').innerText(), /Niet verzonden/);
  assert.match(await page.locator('#niet-terug').innerText(), /Fatima el Amrani/);

  // Mark two rows: one afgehandeld, one actie nodig with a note.
  await page.getByLabel('Afhandeling rij 2').selectOption({ label: 'Afgehandeld' });
  await page.getByLabel('Afhandeling rij 4').selectOption({ label: 'Actie nodig' });
  await page.getByLabel('Notitie rij 4').fill('BRP nakijken');
  await page.getByLabel('Notitie rij 4').press('Tab');
  assert.equal(await page.locator('#status-telling').innerText(), 'Afgehandeld: 1. Actie nodig: 1. Nog niet bekeken: 3.');
  // The filter shows only the rows that need action.
  await page.getByLabel('Toon').selectOption({ label: 'Actie nodig' });
  assert.equal(await page.locator('tbody tr:visible').count(), 1);
  await axe(page, 'Antwoord van DUO');
  await screenshot(page, 'antwoord');
  await page.getByLabel('Toon').selectOption({ label: 'Alle rijen' });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Actielijst downloaden (Excel)' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^actielijst-\d{8}\.xlsx$/);
  const rows = XLSX.utils.sheet_to_json(XLSX.read(readFileSync(await file.path())).Sheets.Actielijst, { header: 1, raw: false });
  assert.deepEqual(rows[2], ['Rij', 'BSN', 'Onderwijsnummer', 'Naam', 'Antwoord van DUO', 'Gewijzigd door DUO', 'Notitie']);
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[3], ['4', '999990068', '101000024', 'Oleksandr Kovalenko', 'Resultaat: BSN gecorrigeerd',
    'BSN: 999990020 → 999990068', 'BRP nakijken']);

  // Marks are in the tab's memory only: a reload asks first, and afterwards they are gone (a work
  // file keeps them, werk.test.mjs).
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.accept(); });
  await page.reload();
  assert.deepEqual(asked, ['beforeunload']);
  await appReady(page);
  await page.setInputFiles('#verzonden-kiezen', `${DIR}/20261128G0363.koci.xlsx`);
  await page.getByText('Verzonden bestand: 20261128G0363.koci.xlsx (5 rijen).').waitFor();
  await page.setInputFiles('#antwoord-kiezen', `${DIR}/antwoord-gewijzigd.koci.xlsx`);
  await page.locator('#antwoord-uitkomst:focus').waitFor();
  assert.equal(await page.getByLabel('Notitie rij 4').inputValue(), '');
  await done();
});

test('another kind of file says so', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/antwoord' });
  await appReady(page);
  await page.setInputFiles('#antwoord-kiezen', `${DIR}/geen-koci.xlsx`);
  assert.match(await page.getByRole('alert').innerText(), /geen antwoord van DUO op een koppelbestand/);
  await done();
});
