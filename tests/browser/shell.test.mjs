// The app shell: boots from the root and from a subfolder, every screen reachable and accessible,
// screenshots at desktop and phone width, the Dutch messages when it cannot start or crashes.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, appReady, axe, launch, openApp, screenshot, serve, serveTestBuild, goTo, tabTo } from './fixture.mjs';

const SCREENS = ['Start', 'Bestanden', 'Dubbelen zoeken', 'Koppelbestand', 'Versturen', 'Antwoord van DUO', 'Routering', 'Instellingen', 'Privacy en hulp'];
const SLUGS = ['start', 'bestanden', 'dubbelen', 'koppelbestand', 'versturen', 'antwoord', 'routering', 'instellingen', 'privacy'];
let browser;
let root;
let sub;

before(async () => {
  browser = await launch();
  root = await serve({ dir: DIST });
  sub = await serve({ dir: DIST, prefix: '/apps/koppelhulp/' });
});
after(async () => {
  await browser?.close();
  await root?.close();
  await sub?.close();
});

for (const [where, server] of [['root', () => root], ['subfolder', () => sub]]) {
  test(`boots from the ${where}, lists its screens, and every screen passes axe`, async () => {
    const app = await openApp(browser, server().url);
    const { page } = app;
    await appReady(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), SCREENS);
    await assert.doesNotReject(page.getByText(/Koppelhulp versie \d+\.\d+\.\d+/).waitFor());
    await assert.doesNotReject(page.locator('#verbinding', { hasText: 'Online' }).waitFor());
    assert.equal(await page.locator('#boot').count(), 0, 'the loading block is gone');
    assert.equal(await page.locator('#niet-beveiligd').count(), 0, '127.0.0.1 is a secure context');
    for (const title of SCREENS) {
      await goTo(page, title);
      assert.equal(await page.title(), `${title} — Koppelhulp`);
      await axe(page, `${title} (${where})`);
    }
    await app.done();
  });
}

test('screenshots at 1280×800 and 320×640 of every screen', async () => {
  for (const [w, h] of [[1280, 800], [320, 640]]) {
    const app = await openApp(browser, root.url, { contextOptions: { viewport: { width: w, height: h } } });
    const { page } = app;
    await appReady(page);
    for (const [i, title] of SCREENS.entries()) {
      const slug = SLUGS[i];
      await goTo(page, title);
      await axe(page, `${title} at ${w}px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${title} scrolls sideways at ${w}px by ${overflow}px`);
      await screenshot(page, `${slug}-${w}x${h}`);
    }
    await app.done();
  }
});

test('at 200% zoom (640 css px wide) nothing scrolls sideways', async () => {
  const app = await openApp(browser, root.url, {
    contextOptions: { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
  });
  await appReady(app.page);
  for (const title of SCREENS) {
    await goTo(app.page, title);
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${title} scrolls sideways by ${overflow}px`);
  }
  await app.done();
});

test('every screen is reached with Tab and Enter alone, and focus moves to its heading', async () => {
  const app = await openApp(browser, root.url);
  const { page } = app;
  await appReady(page);
  // The skip link comes first and moves the focus to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Naar de inhoud');
  await page.keyboard.press('Enter');
  await page.locator('#inhoud:focus').waitFor();
  for (const [i, title] of SCREENS.entries()) {
    await page.locator('body').focus();
    await tabTo(page, `nav a[href="#/${SLUGS[i]}"]`);
    await page.keyboard.press('Enter');
    await page.locator('#screen-title:focus', { hasText: title }).waitFor();
    // Something on the screen itself takes the focus next.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)));
  }
  await app.done();
});

test('opened as a file it says in Dutch why it cannot start', async () => {
  const url = pathToFileURL(resolve(DIST, 'index.html')).href;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const message = page.getByRole('alert').filter({ hasText: 'Koppelhulp kan niet starten' });
  await message.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await message.innerText(), /file:\/\//);
  await context.close();
});

test('when WebAssembly is unavailable it says so instead of a blank page', async () => {
  const app = await openApp(browser, root.url, { expectErrors: [/.*/] });
  await app.context.addInitScript(() => { delete globalThis.WebAssembly; });
  await app.page.reload();
  const message = app.page.getByRole('alert').filter({ hasText: 'Koppelhulp kan niet starten' });
  await message.waitFor({ state: 'visible' });
  assert.match(await message.innerText(), /WebAssembly/);
  await app.context.close();
});

test('a panic shows a Dutch message with "Opnieuw laden" and is logged (the test build)', async () => {
  const testBuild = await serveTestBuild();
  try {
    const app = await openApp(browser, testBuild.url, { expectErrors: [/zelftest: bewust veroorzaakte fout/, /unreachable/] });
    const { page } = app;
    const logged = page.waitForEvent('console', (m) => m.type() === 'error' && m.text().includes('zelftest'));
    await page.goto(`${testBuild.url}?zelftest=paniek`);
    await logged;
    const crash = page.getByRole('alert').filter({ hasText: 'Er ging iets mis' });
    await crash.waitFor({ state: 'visible' });
    await screenshot(page, 'crash');
    await page.getByRole('button', { name: 'Opnieuw laden' }).click();
    await page.waitForURL(/zelftest=paniek/);
    await app.context.close();
  } finally {
    await testBuild.close();
  }
});

test('the release has no self-test: ?zelftest=paniek does nothing', async () => {
  const app = await openApp(browser, `${root.url}?zelftest=paniek`);
  await appReady(app.page);
  // The test build panics 50 ms after start; give the release ten times that.
  await app.page.waitForTimeout(500);
  assert.equal(await app.page.locator('#crash').isVisible(), false);
  await app.done();
});

test('outside a secure context it says offline use is unavailable, and why', async () => {
  const insecure = await launch([`--host-resolver-rules=MAP koppelhulp.test 127.0.0.1`]);
  try {
    const port = new URL(root.url).port;
    const url = `http://koppelhulp.test:${port}/`;
    // Over plain HTTP Chromium ignores Cross-Origin-Opener-Policy and says so as a console error:
    // expected here (this test is about plain HTTP), and one more reason the app wants HTTPS.
    const app = await openApp(insecure, url, { expectErrors: [/Cross-Origin-Opener-Policy header has been ignored/] });
    await appReady(app.page);
    const warning = app.page.locator('#niet-beveiligd');
    await warning.waitFor();
    assert.match(await warning.innerText(), /Offline gebruik is niet beschikbaar.*https/s);
    await axe(app.page, 'insecure notice');
    await app.done();
  } finally {
    await insecure.close();
  }
});

test('the offline indicator follows the connection', async () => {
  const app = await openApp(browser, root.url);
  await appReady(app.page);
  await app.context.setOffline(true);
  await app.page.locator('#verbinding', { hasText: 'Offline' }).waitFor();
  await app.context.setOffline(false);
  await app.page.locator('#verbinding', { hasText: 'Online' }).waitFor();
  await app.done();
});
