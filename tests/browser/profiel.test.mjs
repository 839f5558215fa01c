// Nothing of a pupil outlives the work (issue 25): Chromium with a real profile folder on disk.
// After a journey (two registers opened, pairs found and accepted into the koppelbestand, a row
// typed), the leave-page question is asked when the tab is reloaded or closed; the reloaded tab, a
// duplicated tab and, after the browser quit, a restored or new tab show no pupil data; and no file
// of the profile folder holds any pupil number of the registers — in any encoding Chromium uses
// (UTF-8/Latin-1 and UTF-16LE). A second test: *Alles wissen* in one tab clears the other tab.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, DIST, appReady, goTo, openApp, serve } from './fixture.mjs';

const FIXTURES = 'tests/fixtures/dubbelen';
const NINE = /(?<!\d)\d{9}(?!\d)/g;

/** Every pupil number of the two registers (BSNs of the true pairs, onderwijsnummers of the school). */
const PUPIL_NUMBERS = [...new Set([
  ...readFileSync(`${FIXTURES}/school.csv`, 'utf8').match(NINE),
  ...readFileSync(`${FIXTURES}/truth.csv`, 'utf8').match(NINE),
])];

let server;
before(async () => { server = await serve({ dir: DIST }); });
after(async () => { await server?.close(); });

const launchProfile = (dir, extraArgs = []) => chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [...CHROMIUM_ARGS, ...extraArgs],
  headless: true,
  viewport: { width: 1280, height: 800 },
  locale: 'nl-NL',
  timezoneId: 'Europe/Amsterdam',
});

/** Every file below `dir`. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path);
    return e.isFile() ? [path] : [];
  });
}

/** The pupil numbers on the page: its text and the values of its fields. */
async function pupilNumbersShown(page) {
  const text = await page.evaluate(() => document.body.innerText
    + [...document.querySelectorAll('input, textarea, select')].map((e) => e.value).join(' '));
  return PUPIL_NUMBERS.filter((n) => text.includes(n));
}

/** The page has started and the koppelbestand shows no pupil number. */
async function assertNoPupilData(page, label) {
  await appReady(page);
  await goTo(page, 'Koppelbestand');
  await page.locator('#tellingen').waitFor();
  assert.deepEqual(await pupilNumbersShown(page), [], `${label} shows pupil data`);
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('koppelhulp.'))),
    [], `${label}: sessionStorage holds keys of the app`);
}

/** Open both registers, find the pairs, accept three by keyboard, type a row of our own. */
async function journey(page) {
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', [`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
  await page.locator('#beoordelen').focus();
  for (const key of ['j', 'j', 'j']) {
    await page.locator('#beoordelen[aria-busy="false"] table.pair').waitFor({ timeout: 30_000 });
    await page.keyboard.press(key);
  }
  await page.locator('#besluit-telling', { hasText: 'In koppelbestand gezet: 3.' }).waitFor();
  await goTo(page, 'Koppelbestand');
  await page.getByRole('button', { name: 'Regel toevoegen' }).click();
  await page.keyboard.type(PUPIL_NUMBERS.find((n) => n.startsWith('9')) ?? '999900018');
  await page.keyboard.press('Tab');
  const shown = await pupilNumbersShown(page);
  assert.ok(shown.length >= 4, `the koppelbestand shows the pupils: ${shown}`);
  // Past the pause after which earlier versions wrote the rows to sessionStorage.
  await page.waitForTimeout(1_000);
}

test('a profile folder holds no pupil number after the work; no tab brings the work back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'koppelhulp-profiel-'));
  try {
    let context = await launchProfile(dir);
    const page = context.pages()[0] ?? await context.newPage();
    const asked = [];
    context.on('page', (p) => { if (p !== page) p.on('dialog', (d) => { asked.push(d.type()); d.accept().catch(() => {}); }); });
    page.on('dialog', (d) => { asked.push(d.type()); d.accept().catch(() => {}); });
    await page.goto(`${server.url}#/bestanden`);
    await appReady(page);
    await journey(page);

    // A duplicated tab (a new window of this one copies its sessionStorage, as "Duplicate tab" does).
    const [copy] = await Promise.all([context.waitForEvent('page'), page.evaluate(() => window.open(location.href))]);
    await assertNoPupilData(copy, 'a duplicated tab');
    await copy.close();

    // A reload of the same tab asks first (the work is in memory only), then starts empty.
    await page.reload();
    assert.deepEqual(asked, ['beforeunload'], 'the leave-page question is asked before a reload');
    await assertNoPupilData(page, 'the reloaded tab');

    // The work again, then the tab is closed (the question answered "leave") and the browser quits.
    await journey(page);
    await page.close({ runBeforeUnload: true });
    await context.close();

    const found = [];
    for (const file of files(dir)) {
      const bytes = readFileSync(file);
      for (const n of PUPIL_NUMBERS) {
        if (bytes.includes(Buffer.from(n, 'latin1')) || bytes.includes(Buffer.from(n, 'utf16le'))) {
          found.push(`${file.slice(dir.length)}: ${n}`);
        }
      }
    }
    const size = files(dir).reduce((sum, f) => sum + statSync(f).size, 0);
    assert.ok(size > 100_000, `the profile folder was written (${size} bytes)`);
    assert.deepEqual(found, [], 'pupil numbers in the profile folder');

    // The browser again on the same profile, asked to restore the last session: every tab it
    // brings back, and a new tab of the app, show no pupil data.
    context = await launchProfile(dir, ['--restore-last-session']);
    await new Promise((resolve) => { setTimeout(resolve, 1_000); });
    for (const restored of context.pages().filter((p) => p.url().startsWith(server.url))) {
      await assertNoPupilData(restored, 'a restored tab');
    }
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}#/koppelbestand`);
    await assertNoPupilData(fresh, 'a new tab');
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Alles wissen in one tab clears the work in the other tabs of the app', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS,
  });
  try {
    const app = await openApp(browser, server.url, { path: '#/bestanden' });
    const { page } = app;
    await appReady(page);
    await journey(page);
    const other = await page.context().newPage();
    await other.goto(`${server.url}#/privacy`);
    await appReady(other);
    await other.locator('#alles-wissen').click();
    await other.locator('#wissen-ja').click();
    await other.locator('#gewist').waitFor();
    await page.getByText('Alles is gewist, in een ander tabblad van Koppelhulp.').waitFor();
    assert.deepEqual(await pupilNumbersShown(page), [], 'the first tab still shows pupil data');
    await other.close();
    await app.done();
  } finally {
    await browser.close();
  }
});
