// What the browser keeps: walk every screen with pupil data (registers, decisions, koppelbestand,
// a download, DUO's answer with marks, the routing form), then read ALL of localStorage and
// sessionStorage. localStorage may hold settings, DUO's empty template (structure and file), the
// verzendlog and the routing form — never a pupil's number, name or birth date. sessionStorage holds
// nothing of the app: the work lives in the tab's memory only (earlier versions kept the rows
// there). After *Alles wissen* localStorage holds none of the app's keys either.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, goTo, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();
const PAIRS = 'tests/fixtures/dubbelen';
const ANSWER = 'tests/fixtures/antwoord';

/** Every key and value of one of the page's storages. */
const dump = (page, which) => page.evaluate((w) => {
  const s = window[w];
  return Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
}, which);

/** A nine-digit number standing alone: a BSN or onderwijsnummer. */
const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/;

/** The pieces of pupil data that must not be found: numbers, names and birth dates of the rows. */
function pupilData(rows) {
  const out = new Set();
  for (const r of rows) {
    for (const v of [r.bsn, r.onderwijsnummer, r.achternaam, r.voornamen, r.geboortedatum]) {
      if (v && v.trim().length >= 3) out.add(v.trim());
    }
    const m = /^(\d\d)-(\d\d)-(\d{4})$/.exec(r.geboortedatum ?? '');
    if (m) out.add(`${m[3]}-${m[2]}-${m[1]}`);
  }
  // From DUO's answer fixture.
  for (const name of ['Kovalenko', 'Oleksandr', 'el Amrani', 'BRP nakijken']) out.add(name);
  return [...out];
}

function assertClean(storage, pieces, label) {
  for (const [key, value] of Object.entries(storage)) {
    assert.doesNotMatch(value, NINE_DIGITS, `${label}: ${key} holds a nine-digit number`);
    for (const piece of pieces) {
      assert.ok(!value.includes(piece), `${label}: ${key} holds pupil data (${piece})`);
    }
  }
}

test('no pupil data in localStorage, none in sessionStorage after Alles wissen', async () => {
  const app = await openApp(env.browser, env.server.url, { contextOptions: { acceptDownloads: true } });
  const { page } = app;
  await appReady(page);

  // Instellingen: the organisation.
  await page.locator('#org-zoek').fill('0363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();

  // Bestanden and Dubbelen zoeken: two registers, three decisions.
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', [`${PAIRS}/brp.xlsx`, `${PAIRS}/school.csv`]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
  await page.locator('#beoordelen').focus();
  for (const key of ['j', 'j', 'n']) await page.keyboard.press(key);
  await page.locator('#besluit-telling', { hasText: 'In koppelbestand gezet: 2. Geen dubbel: 1.' }).waitFor();

  // Koppelbestand: DUO's empty template (kept), the two accepted rows written into it and
  // downloaded (the verzendlog gets its name).
  await goTo(page, 'Koppelbestand');
  await page.setInputFiles('#sjabloon-laden', 'tests/fixtures/templates/duo-werkmap.xlsx');
  await page.locator('#sjabloon-status', { hasText: 'vult het Excel-bestand van DUO zelf in' }).waitFor();
  await page.locator('#tellingen', { hasText: '2 regels klaar' }).waitFor();
  const download = page.waitForEvent('download');
  await page.locator('#downloaden').click();
  await download;
  await page.locator('#gedownload').waitFor();

  // Antwoord van DUO: the sent file, the answer, a mark with a note.
  await goTo(page, 'Antwoord van DUO');
  await page.setInputFiles('#verzonden-kiezen', `${ANSWER}/20261128G0363.koci.xlsx`);
  await page.getByText('Verzonden bestand: 20261128G0363.koci.xlsx (5 rijen).').waitFor();
  await page.setInputFiles('#antwoord-kiezen', `${ANSWER}/antwoord-gewijzigd.koci.xlsx`);
  await page.locator('#antwoord-uitkomst:focus').waitFor();
  await page.getByLabel('Afhandeling rij 4').selectOption({ label: 'Actie nodig' });
  await page.getByLabel('Notitie rij 4').fill('BRP nakijken');
  await page.getByLabel('Notitie rij 4').press('Tab');

  // Routering: staff contact data (kept in localStorage on purpose).
  await goTo(page, 'Routering');
  const first = page.locator('main input[type="text"], main input[type="email"]').first();
  await first.fill('Leerplicht Amsterdam');
  await first.press('Tab');

  // The work is in memory only: sessionStorage holds no key of the app, at once and after the
  // pause after which earlier versions wrote the rows there.
  await page.waitForTimeout(800);
  const session = await dump(page, 'sessionStorage');
  const local = await dump(page, 'localStorage');
  assert.deepEqual(Object.keys(session).filter((k) => k.startsWith('koppelhulp.')), [], 'sessionStorage holds the work');
  assert.ok(local['koppelhulp.instellingen'] && local['koppelhulp.verzendlog'], 'settings and verzendlog are kept');
  assert.ok(local['koppelhulp.sjabloon'] && local['koppelhulp.sjabloon.bestand'], "DUO's template is kept");
  // The pupil data on screen: the rows of the koppelbestand as the page has them.
  await goTo(page, 'Koppelbestand');
  const values = await page.locator('table.koppeltabel tbody input').evaluateAll(
    (inputs) => inputs.map((i) => i.value.trim()).filter((v) => v.length >= 3));
  const rows = [{ bsn: '', onderwijsnummer: '', achternaam: '', voornamen: '', geboortedatum: '' }];
  const pieces = [...pupilData(rows), ...values];
  assert.ok(pieces.filter((p) => /^\d{9}$/.test(p)).length >= 2, `the check reads the rows' numbers: ${JSON.stringify(values)}`);
  assertClean(session, pieces, 'sessionStorage');
  assertClean(local, pieces, 'localStorage');
  for (const key of Object.keys({ ...local, ...session })) assert.ok(key.startsWith('koppelhulp.'), key);

  // Alles wissen: the tab's storage holds no pupil data afterwards (and the app keeps nothing).
  await goTo(page, 'Privacy en hulp');
  await page.locator('#alles-wissen').click();
  await page.locator('#wissen-ja').click();
  await page.locator('#gewist').waitFor();
  const afterSession = await dump(page, 'sessionStorage');
  assertClean(afterSession, pieces, 'sessionStorage after Alles wissen');
  assertClean(await dump(page, 'localStorage'), pieces, 'localStorage after Alles wissen');
  assert.deepEqual(Object.keys(afterSession).filter((k) => k.startsWith('koppelhulp.')), []);
  await screenshot(page, 'opslag-gewist');
  await app.done();
});
