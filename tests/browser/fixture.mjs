// The shared fixture of every browser test: headless Debian Chromium driven by playwright-core,
// against the release build in dist/ served on 127.0.0.1.
//
// Every page opened through `openApp` is watched, and `done()` fails the test on:
// - any request to another origin (the app may only load its own files);
// - any console error, uncaught page error, panic or `securitypolicyviolation` event;
// `axe(page)` fails on any WCAG 2.1 A/AA violation that axe-core finds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '../../scripts/static-server.mjs';

export const DIST = process.env.KOPPELHULP_DIST ?? 'dist';
/**
 * The test build: the release plus the self-tests `?zelftest=paniek` (a panic in the page) and
 * `?zelftest=werker` (a panic in the worker), which the release does not have. scripts/test makes
 * it with `KOPPELHULP_ZELFTEST=1 trunk build --release --offline --dist dist-test`.
 */
export const TEST_DIST = process.env.KOPPELHULP_TEST_DIST ?? 'dist-test';

/** A server on the test build (for the tests of the self-tests). */
export async function serveTestBuild(options = {}) {
  assert.ok(existsSync(`${TEST_DIST}/index.html`),
    `no test build in ${TEST_DIST}/: make it with KOPPELHULP_ZELFTEST=1 trunk build --release --offline --dist ${TEST_DIST}`);
  return serve({ dir: TEST_DIST, ...options });
}
export const SCREENSHOTS = 'tests/browser/screenshots';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--lang=nl-NL',
];

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

export { serve };

/** One browser and one server on dist/ for all tests of a file: `env.browser`, `env.server`. */
export function useBrowserAndServer() {
  const env = {};
  before(async () => {
    env.browser = await launch();
    env.server = await serve({ dir: DIST });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Open the app in a fresh browser context and watch it.
 * `allowedOrigins`: origins besides the server's that count as the app's own (none by default).
 * `expectErrors`: console/page errors that a test provokes on purpose (regexps).
 */
export async function openApp(browser, url, {
  contextOptions = {}, allowedOrigins = [], expectErrors = [], path = '',
} = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', ...contextOptions,
  });
  const own = new Set([new URL(url).origin, ...allowedOrigins]);
  const problems = [];
  const note = (kind, text) => {
    if (!expectErrors.some((re) => re.test(text))) problems.push(`${kind}: ${text}`);
  };
  context.on('request', (request) => {
    const u = new URL(request.url());
    if (!['data:', 'blob:'].includes(u.protocol) && !own.has(u.origin)) {
      problems.push(`request to another origin: ${request.method()} ${request.url()}`);
    }
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const watch = (page) => {
    page.on('console', (msg) => { if (msg.type() === 'error') note('console error', msg.text()); });
    page.on('pageerror', (err) => note('page error', String(err)));
    page.on('crash', () => problems.push('page crashed'));
  };
  context.on('page', watch);
  const page = await context.newPage();
  await page.goto(url + path);
  return {
    context,
    page,
    problems,
    /** Fail on anything the watchers saw; close the context. */
    async done() {
      await context.close();
      assert.deepEqual(problems, [], `the page misbehaved:\n${problems.join('\n')}`);
    },
  };
}

/** Wait until the app has mounted (boot.js ran, the shell is there). */
export async function appReady(page) {
  await page.waitForSelector('html[data-boot="started"] nav[aria-label="Hoofdmenu"]', { timeout: 20_000 });
}

/** Run axe-core with the WCAG 2.1 A and AA rules on the page as it is now. */
export async function axe(page, label) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(found, [], `axe found WCAG violations on ${label}:\n${found.join('\n')}`);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** Press Tab until the focused element matches `selector`; fail after `max` presses. */
export async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`could not reach ${selector} with Tab in ${max} presses`);
}

/** Go to a screen through the navigation, by keyboard. */
export async function goTo(page, title) {
  // A screen that just opened moves the focus to its heading after the next frames (focus_later):
  // let that happen first, so it does not take the focus from the link about to be pressed.
  await page.evaluate(() => new Promise((done) => {
    requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done)));
  }));
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: title }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/**
 * Open a spreadsheet in LibreOffice (a real spreadsheet program) and return its first sheet as csv
 * lines, cells as shown (the csv filter's last option), next to the file.
 */
export function spreadsheetAsCsv(file) {
  const dir = dirname(file);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true', '--outdir', dir, file],
  { stdio: 'ignore', timeout: 120_000 });
  const csv = join(dir, basename(file).replace(/\.[^.]+$/, '.csv'));
  return readFileSync(csv, 'utf8').trim().split(/\r?\n/);
}

/** The koppelbestand's fields in the order of its columns (`Field::ALL`). */
const KOPPEL_FIELDS = ['bsn', 'onderwijsnummer', 'achternaam', 'voorvoegsel', 'voornamen', 'geboortedatum', 'geslacht', 'opmerking'];

/**
 * The koppelbestand's filled rows as the Koppelbestand screen shows them, every page (the work is
 * in the tab's memory only: the screen is where a test reads it). With `n`, waits until there are
 * `n`. The page goes back to the screen it was on.
 */
export async function koppelRows(page, n) {
  const back = await page.evaluate(() => location.hash);
  if (back !== '#/koppelbestand') await goTo(page, 'Koppelbestand');
  const read = async () => {
    const first = page.locator('#pagina-eerste:not([disabled])');
    if (await first.count()) await first.click();
    const rows = [];
    for (;;) {
      rows.push(...await page.locator('table.koppeltabel tbody tr').evaluateAll((trs, fields) => trs.map((tr) => {
        const row = {};
        for (const [i, f] of fields.entries()) {
          row[f] = tr.querySelector(`[id^="cel-"][id$="-${i}"]`)?.value ?? '';
        }
        return row;
      }), KOPPEL_FIELDS));
      const next = page.locator('#pagina-volgende:not([disabled])');
      if (!(await next.count())) break;
      await next.click();
    }
    return rows.filter((r) => Object.values(r).some((v) => v.trim() !== ''));
  };
  let rows = await read();
  for (let tries = 0; n !== undefined && rows.length !== n && tries < 50; tries += 1) {
    await page.waitForTimeout(100);
    rows = await read();
  }
  if (back !== '#/koppelbestand') {
    await page.evaluate((h) => { location.hash = h; }, back);
    await page.waitForFunction((h) => location.hash === h && document.querySelector('h1'), back);
  }
  return rows;
}
