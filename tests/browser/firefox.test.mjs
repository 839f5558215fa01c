// Firefox ESR (Debian's firefox-esr, as on locked-down PCs), driven over WebDriver BiDi by
// puppeteer-core — no separate driver. One officer's path through the app, from a subfolder of the
// example server: boot, Instellingen, open two registers in Bestanden (read in the background
// worker), Dubbelen zoeken with J and N, download the koppelbestand and read it back, then the
// service worker: the server stops and the app loads and works offline. Throughout: no request to
// another origin, no console error, no uncaught error, no CSP violation.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import * as XLSX from 'xlsx';
import { DIST, SCREENSHOTS, serve } from './fixture.mjs';
import { required } from './headercheck.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const FIXTURES = 'tests/fixtures/dubbelen';
const truth = new Set(readFileSync(`${FIXTURES}/truth.csv`, 'utf8').trim().split('\n').slice(1)
  .map((line) => line.split(',').slice(0, 2).join(',')));

let browser;
let downloads;
before(async () => {
  downloads = mkdtempSync(join(tmpdir(), 'kh-firefox-dl-'));
  browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      'intl.accept_languages': 'nl-NL, nl',
      // Downloads go straight to a folder of the test, without a dialog.
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
});
after(async () => {
  await browser?.close();
  rmSync(downloads, { recursive: true, force: true });
});

/**
 * Watch a page as the Chromium fixture does; `problems` collects what went wrong, including any file
 * of the app that arrived without the headers it needs (as Firefox saw them).
 */
async function watch(page, origin, prefix = '/apps/koppelhulp/') {
  const problems = [];
  problems.seen = new Set(); // the kinds of file whose headers were checked
  page.on('response', (response) => {
    const u = new URL(response.url());
    if (u.origin !== origin || response.status() !== 200 || !u.pathname.startsWith(prefix)) return;
    problems.seen.add(u.pathname.slice(prefix.length).replace(/^.*\./, '.'));
    problems.push(...required(u.pathname.slice(prefix.length), response.headers()).map((p) => `header: ${p}`));
  });
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) {
      problems.push(`request to another origin: ${request.method()} ${request.url()}`);
    }
  });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return problems;
}

async function appReady(page) {
  await page.waitForSelector('html[data-boot="started"] nav[aria-label="Hoofdmenu"]', { timeout: 30_000 });
}

/** Go to a screen through the navigation, by keyboard, and wait for its heading. */
async function goTo(page, title) {
  const link = await page.evaluateHandle((t) => [...document.querySelectorAll('nav[aria-label="Hoofdmenu"] a')]
    .find((a) => a.textContent.trim() === t), title);
  assert.ok(await link.evaluate((a) => a instanceof HTMLAnchorElement), `a navigation link "${title}"`);
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === t), {}, title);
}

async function clickButton(page, name) {
  const button = await page.evaluateHandle((n) => [...document.querySelectorAll('button')]
    .find((b) => b.innerText.trim().startsWith(n)), name);
  assert.ok(await button.evaluate((b) => b instanceof HTMLButtonElement), `a button "${name}"`);
  await button.click();
}

/** The pair at the front of the queue as "bsn,onderwijsnummer". */
const current = (page) => page.$$eval('#beoordelen table.pair tbody tr:first-child td',
  (cells) => cells.map((c) => c.innerText.replace(/\D/g, '')).join(','));

function today() {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

async function downloaded(name) {
  const file = join(downloads, name);
  for (let i = 0; i < 200; i += 1) {
    if (existsSync(file) && !existsSync(`${file}.part`) && readdirSync(downloads).every((f) => !f.endsWith('.part'))) return file;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${name} was not downloaded (in the folder: ${readdirSync(downloads)})`);
}

test('Firefox ESR: Instellingen, Bestanden, Dubbelen zoeken, koppelbestand, offline', async () => {
  const server = await serve({ dir: DIST, prefix: '/apps/koppelhulp/' });
  const page = await browser.newPage();
  const problems = await watch(page, server.origin);
  try {
    await page.goto(server.url);
    await appReady(page);
    assert.match(await browser.version(), /firefox/i);

    // Instellingen: the organisation by its code.
    await goTo(page, 'Instellingen');
    await page.type('#org-zoek', '0014');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.card-active')?.innerText.includes('G0014'));

    // Bestanden: two registers, read in the background worker.
    await goTo(page, 'Bestanden');
    const input = await page.$('#bestanden-kiezen');
    await input.uploadFile(`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`);
    await page.waitForFunction(() => document.querySelectorAll('.file-card .accounting').length === 2, { timeout: 60_000 });
    const counts = await page.$$eval('.file-card .accounting', (els) => els.map((el) => el.querySelector('dd').textContent));
    assert.deepEqual(counts.map(Number).map((n) => n > 0), [true, true], `rows read: ${counts}`);

    // Dubbelen zoeken: find the pairs, J puts the first in the koppelbestand, N rejects the next.
    await goTo(page, 'Dubbelen zoeken');
    await clickButton(page, 'Dubbelen zoeken');
    await page.waitForSelector('#uitkomst', { timeout: 60_000 });
    await page.waitForSelector('#beoordelen table.pair', { timeout: 60_000 });
    await page.focus('#beoordelen');
    const accepted = await current(page);
    assert.ok(truth.has(accepted), `the strongest proposal ${accepted} is a true pair`);
    await page.keyboard.press('j');
    // The pair is in the koppelbestand (the counts here, the downloaded file below).
    await page.waitForFunction(() => /^In koppelbestand gezet: 1\./.test(document.querySelector('#besluit-telling')?.textContent ?? ''));
    await page.waitForFunction((a) => [...document.querySelectorAll('#beoordelen table.pair tbody tr:first-child td')]
      .map((c) => c.innerText.replace(/\D/g, '')).join(',') !== a, {}, accepted);
    const rejected = await current(page);
    await page.keyboard.press('n');
    await page.waitForFunction((r) => [...document.querySelectorAll('#beoordelen table.pair tbody tr:first-child td')]
      .map((c) => c.innerText.replace(/\D/g, '')).join(',') !== r, {}, rejected);
    assert.match(await page.$eval('#besluit-telling', (el) => el.textContent), /1\D+1\D+0/, 'one in the koppelbestand, one not a double');

    // Koppelbestand: the accepted pair, downloaded with DUO's name, read back.
    await goTo(page, 'Koppelbestand');
    const name = `${today()}G0014.koci.xlsx`;
    await page.waitForFunction(() => document.querySelector('#downloaden')?.getAttribute('aria-disabled') === 'false');
    await page.focus('#downloaden');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelector('#gedownload')?.textContent.includes(n), {}, name);
    const book = XLSX.read(readFileSync(await downloaded(name)));
    const rows = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1, raw: false });
    const [bsn, onderwijsnummer] = accepted.split(',');
    assert.ok(rows.some((r) => r.includes(bsn) && r.includes(onderwijsnummer)), `the koppelbestand holds ${accepted}: ${JSON.stringify(rows)}`);
    assert.equal(rows.filter((r) => r.some((c) => /^\d{9}$/.test(c))).length, 1, 'one row: the accepted pair');

    // The service worker: with the server stopped, the app loads from its cache and still works.
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', { timeout: 30_000 });
    await server.close();
    // The decisions were not saved as a work file: leaving asks first, as a user sees it; they
    // choose to leave.
    const asked = new Promise((resolve) => page.once('dialog', async (dialog) => {
      resolve(dialog.type());
      await dialog.accept();
    }));
    await page.reload();
    assert.equal(await asked, 'beforeunload');
    await appReady(page);
    await goTo(page, 'Koppelbestand');
    // The work was in the tab's memory only: after the reload the row is gone.
    await page.waitForSelector('table.koppeltabel input');
    assert.ok(!(await page.$$eval('table input', (inputs, b) => inputs.some((i) => i.value === b), bsn)), 'the row is gone');
    await goTo(page, 'Bestanden');
    await (await page.$('#bestanden-kiezen')).uploadFile('tests/fixtures/import/libreoffice-cp1252.csv');
    await page.waitForSelector('.file-card .accounting', { timeout: 60_000 });
    assert.deepEqual((await page.$$eval('.file-card .accounting dd', (d) => d.map((x) => x.textContent))).map(Number), [6, 4, 1, 1]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/firefox-offline.png`, fullPage: true });
    assert.deepEqual([...problems], [], `Firefox saw:\n${problems.join('\n')}`);
    for (const kind of ['', '.css', '.js', '.wasm', '.svg']) assert.ok(problems.seen.has(kind), `headers of a ${kind || 'folder'} response checked: ${[...problems.seen]}`);
  } finally {
    await page.close();
    await server.close().catch(() => {});
  }
});

// The watch is not blind: an image from another site is refused by the CSP, and that is seen.
test('Firefox: the watch sees a CSP violation', async () => {
  const server = await serve({ dir: DIST, prefix: '/apps/koppelhulp/' });
  const page = await browser.newPage();
  const problems = await watch(page, server.origin);
  try {
    await page.goto(server.url);
    await appReady(page);
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'http://example.invalid/x.png';
      document.body.append(img);
    });
    for (let i = 0; i < 50 && !problems.some((p) => p.includes('securitypolicyviolation')); i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.ok(problems.some((p) => p.includes('securitypolicyviolation')), problems.join('\n'));
  } finally {
    await page.close();
    await server.close();
  }
});
