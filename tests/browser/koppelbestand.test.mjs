// Koppelbestand and Versturen: paste 20 rows from Excel (some wrong), see the inline errors and the
// summary, fix them by keyboard, download the file with DUO's name, check its content with
// LibreOffice, check the mailto, and keep the rows between screens (in memory only).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, screenshot, spreadsheetAsCsv, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();

const bsns = testBsns(20);
const owns = testOnderwijsnummers(20);
const names = ['Jansen', 'de Vries', 'Bakker', 'Yılmaz', 'El Amrani', 'Kovalenko', 'Visser', 'Smit', 'Meijer', 'de Boer',
  'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit'];

function rows() {
  return bsns.map((bsn, i) => [bsn, owns[i], names[i], '', `Kind ${i + 1}`, `${String((i % 27) + 1).padStart(2, '0')}-0${(i % 9) + 1}-2012`, i % 2 ? 'V' : 'M', '']);
}

// Five wrong rows: a broken elfproef, an onderwijsnummer in the BSN column, a bad date, a missing
// onderwijsnummer on a linking row, and the same pair twice.
function wrongRows() {
  const r = rows();
  r[2][0] = '999990010';
  r[5][0] = owns[5];
  r[8][5] = '31-02-2012';
  r[11][1] = '';
  r[15][0] = bsns[14];
  r[15][1] = owns[14];
  return r;
}

const tsv = (table) => table.map((r) => r.join('\t')).join('\r\n') + '\r\n';

/** Today as yyyymmdd where the browser is: fixture.mjs opens it in Europe/Amsterdam (after 23:00 UTC
 * that is already tomorrow). */
function today() {
  const iso = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date());
  return iso.replaceAll('-', '');
}

async function setAmsterdam(page) {
  await goTo(page, 'Instellingen');
  await page.locator('#org-zoek').fill('0363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
}

/** The first message shown in row `n` (1-based). */
async function message(page, n) {
  return page.locator('tbody tr').nth(n - 1).locator('.cell-message').first().innerText();
}

async function fixCell(page, linkText, value) {
  await page.locator('#fout-samenvatting a', { hasText: linkText }).first().focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
  await page.keyboard.press('Tab');
}

test('paste 20 rows, fix the errors by keyboard, download, mail DUO', async () => {
  const downloads = mkdtempSync(join(tmpdir(), 'kh-dl-'));
  const app = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true },
  });
  const { page } = app;
  try {
    await appReady(page);
    await setAmsterdam(page);
    await goTo(page, 'Koppelbestand');
    await axe(page, 'Koppelbestand empty');

    await page.evaluate((text) => navigator.clipboard.writeText(text), tsv(wrongRows()));
    await page.getByLabel('BSN, regel 1', { exact: true }).focus();
    await page.keyboard.press('Control+V');
    await page.locator('#melding', { hasText: '20 regels geplakt' }).waitFor();
    // Six rows with errors: the pair that is there twice counts in both rows.
    await page.locator('#tellingen', { hasText: '· 6 met fouten' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 20);
    // Inline errors, on the cells.
    assert.equal(await page.getByLabel('BSN, regel 3', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await message(page, 3), /elfproef/);
    assert.match(await message(page, 6), /onderwijsnummer/i);
    assert.match(await message(page, 9), /februari 2012 heeft 29 dagen/);

    // Download is not possible yet: it explains and shows the summary, with the focus on it.
    assert.equal(await page.locator('#downloaden').getAttribute('aria-disabled'), 'true');
    await page.locator('#downloaden').focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('#fout-samenvatting');
    await summary.waitFor();
    await page.locator('#fout-samenvatting:focus').waitFor();
    await axe(page, 'Koppelbestand with errors');
    await screenshot(page, 'koppelbestand-fouten');

    // Fix by keyboard through the summary's links.
    await fixCell(page, 'Regel 3, BSN', bsns[2]);
    await fixCell(page, 'Regel 6, BSN', bsns[5]);
    await fixCell(page, 'Regel 9, Geboortedatum', '28-02-2012');
    await fixCell(page, 'Regel 12, Onderwijsnummer', owns[11]);
    await fixCell(page, 'Regel 16, BSN', bsns[15]);
    await page.getByLabel('Onderwijsnummer, regel 16', { exact: true }).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(owns[15]);
    await page.keyboard.press('Tab');
    await page.locator('#tellingen', { hasText: '20 regels klaar · 0 met fouten' }).waitFor();
    assert.equal(await page.locator('#downloaden').getAttribute('aria-disabled'), 'false');

    // The rows are in the tab's memory only: a reload would ask first (not done here, see
    // profiel.test.mjs); moving between screens keeps them.
    await goTo(page, 'Privacy en hulp');
    await goTo(page, 'Koppelbestand');
    await page.locator('#tellingen', { hasText: '20 regels klaar · 0 met fouten' }).waitFor();
    await axe(page, 'Koppelbestand without errors');
    await screenshot(page, 'koppelbestand-klaar');

    const name = `${today()}G0363.koci.xlsx`;
    assert.equal(await page.locator('.file-name').first().innerText(), name);
    await page.locator('#downloaden').focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(download.suggestedFilename(), name);
    const saved = join(downloads, name);
    await download.saveAs(saved);
    await page.locator('#gedownload', { hasText: name }).waitFor();

    // The file opens in a real spreadsheet program with every number and date as written
    // (the csv filter's last option: save cell contents as shown).
    const csv = spreadsheetAsCsv(saved);
    assert.match(csv[0], /BSN.*Onderwijsnummer/);
    assert.equal(csv.length, 21);
    const expected = rows();
    expected[8][5] = '28-02-2012';
    for (const [i, row] of expected.entries()) {
      assert.ok(csv[i + 1].includes(row[0]) && csv[i + 1].includes(row[1]) && csv[i + 1].includes(row[5]),
        `row ${i + 1}: ${csv[i + 1]} lacks ${row[0]} ${row[1]} ${row[5]}`);
    }

    // Versturen: the file name, and a mailto without personal data.
    await page.getByRole('link', { name: 'Verder naar Versturen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Versturen' }).waitFor();
    assert.equal(await page.locator('#te-versturen').innerText(), name);
    const href = await page.locator('#mail-duo').getAttribute('href');
    const mail = new URL(href);
    assert.equal(mail.protocol, 'mailto:');
    assert.equal(decodeURIComponent(mail.pathname), 'verzuim@duo.nl');
    const subject = mail.searchParams.get('subject');
    const body = mail.searchParams.get('body');
    assert.ok(subject.includes(name), subject);
    assert.ok(body.includes(name) && body.includes('G0363') && body.includes('Amsterdam'), body);
    assert.ok(body.includes('Koppeling OWN/BSN'), body);
    for (const n of [...bsns, ...owns, ...names]) assert.ok(!body.includes(n), `no personal data in the mail: ${n}`);
    assert.ok(!href.includes('+'), 'spaces are %20, not +');
    await page.locator('#naam-controle').fill(name.replace('.koci', ' (1).koci'));
    await page.locator('#naam-controle-uitslag', { hasText: '(1)' }).waitFor();
    // Mijn DUO asks for the 4-character code, not the letter of the file name.
    assert.match(await page.locator('#stappen').innerText(), /met uw code 0363 gekoppeld aan die rol/);
    await axe(page, 'Versturen');
    await screenshot(page, 'versturen');

    // A second file, with another date: the steps are for the newest, and any earlier file can be chosen.
    await goTo(page, 'Koppelbestand');
    await page.locator('#bestandsdatum').fill('2026-03-01');
    await page.locator('#downloaden').focus();
    await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await page.locator('#gedownload', { hasText: '20260301G0363.koci.xlsx' }).waitFor();
    await goTo(page, 'Versturen');
    assert.equal(await page.locator('#te-versturen').innerText(), '20260301G0363.koci.xlsx');
    await page.locator('#bestand-keuze').selectOption({ index: 1 });
    await page.locator('#te-versturen', { hasText: name }).waitFor();
    const earlier = new URL(await page.locator('#mail-duo').getAttribute('href'));
    assert.ok(earlier.searchParams.get('subject').includes(name), 'the mail is about the chosen file');
    await axe(page, 'Versturen with two files');
    await app.done();
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
});

test('Versturen checks the typed name against the file made in this tab, and says when none was made', async () => {
  const app = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true },
  });
  const { page, context } = app;
  await appReady(page);
  await setAmsterdam(page);
  await goTo(page, 'Koppelbestand');
  await page.evaluate((text) => navigator.clipboard.writeText(text), tsv(rows().slice(0, 2)));
  await page.getByLabel('BSN, regel 1', { exact: true }).focus();
  await page.keyboard.press('Control+V');
  await page.locator('#tellingen', { hasText: '2 regels klaar · 0 met fouten' }).waitFor();
  await page.locator('#bestandsdatum').fill('2026-12-07');
  await page.locator('#downloaden').focus();
  await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  await page.locator('#gedownload', { hasText: '20261207G0363.koci.xlsx' }).waitFor();
  await goTo(page, 'Versturen');
  assert.equal(await page.locator('#nog-niet-gemaakt').count(), 0, 'a file was made in this tab');
  assert.match(await page.locator('#stappen li').first().innerText(),
    /Het bestand dat u in dit tabblad hebt gemaakt, heet 20261207G0363\.koci\.xlsx \(gemaakt op /);
  // The confirm line: whose file this is.
  assert.equal(await page.locator('#organisatie-regel').innerText(),
    'Organisatie: G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam). Die staat met haar code in de naam van het bestand.');

  const field = page.locator('#naam-controle');
  const result = page.locator('#naam-controle-uitslag');
  const check = async (typed, expected) => {
    await field.fill(typed);
    await result.locator('.alert').first().waitFor();
    assert.equal((await result.innerText()).trim(), expected, typed);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'naam-controle', 'the focus stays in the field');
  };
  // Yesterday's name follows DUO's pattern, but it is not this file.
  await check('20261206G0363.koci.xlsx', 'Fout: De datum in deze naam is 06-12-2026, maar het bestand dat u hebt '
    + 'gemaakt heeft de datum 07-12-2026. Is dit een ouder bestand? Zet dan het bestand 20261207G0363.koci.xlsx op Mijn DUO.');
  await check('20261207G0363.koci.xls', 'Fout: Deze naam eindigt op .koci.xls, maar het bestand dat u hebt gemaakt '
    + 'eindigt op .koci.xlsx. Verander het einde van de naam niet: het bestand heet 20261207G0363.koci.xlsx.');
  await check('20261207R0019.koci.xlsx', 'Fout: De organisatiecode in deze naam is R0019, maar het bestand dat u '
    + 'hebt gemaakt heeft G0363. Dit is het bestand van een andere organisatie.');
  await check('20261207G0363.koci.xlsx', 'Deze naam is goed: het is de naam van het bestand hierboven.');
  await axe(page, 'Versturen, name checked against the file made');
  await screenshot(page, 'versturen-naam-controle');

  // A fresh tab knows the verzendoverzicht but made no file: it says so, and links to Koppelbestand.
  const fresh = await context.newPage();
  await fresh.goto(`${env.server.url}#/versturen`);
  await appReady(fresh);
  await fresh.getByRole('heading', { level: 1, name: 'Versturen' }).waitFor();
  assert.equal(await fresh.locator('#nog-niet-gemaakt').innerText(),
    'U hebt in dit tabblad nog geen koppelbestand gemaakt. De stappen hieronder gaan over een bestand uit het '
    + 'verzendoverzicht. Is dat niet het bestand dat u wilt versturen? Maak dan eerst een koppelbestand.');
  assert.match(await fresh.locator('#stappen li').first().innerText(),
    /Het bestand uit het verzendoverzicht heet 20261207G0363\.koci\.xlsx \(gemaakt op /);
  await axe(fresh, 'Versturen in a tab that made no file');
  await screenshot(fresh, 'versturen-nog-niet-gemaakt');
  await fresh.close();
  await app.done();
});
