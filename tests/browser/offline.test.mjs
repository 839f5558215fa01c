// Offline: after one online visit the app loads and works with the server stopped; a new build is
// found and offered ("Nieuwe versie beschikbaar — opnieuw laden").
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, appReady, axe, goTo, launch, openApp, serve } from './fixture.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 20_000 });
}

async function cacheName(page) {
  return page.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('koppelhulp-')));
}

test('after one visit the app loads and works with the server stopped', async () => {
  const server = await serve({ dir: DIST, prefix: '/apps/koppelhulp/' });
  const app = await openApp(browser, server.url);
  const { page } = app;
  await appReady(page);
  await controlled(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(cached.some((p) => p.endsWith('.wasm')), `the wasm is cached: ${cached}`);

  await server.close();
  await app.context.setOffline(true);
  await page.reload();
  await appReady(page);
  await page.locator('#verbinding', { hasText: 'Offline' }).waitFor();
  // It works: find and save an organisation.
  await page.locator('#org-zoek').fill('Groningen');
  await page.getByRole('button', { name: /G0014 — Groningen/ }).click();
  await page.locator('.card-active', { hasText: 'G0014 — Groningen' }).waitFor();
  // Files open offline too: the background worker and its own wasm came from the cache.
  assert.ok(cached.some((p) => /koppelhulp-worker-[0-9a-f]+_bg\.wasm$/.test(p)), `the worker's wasm is cached: ${cached}`);
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', 'tests/fixtures/import/libreoffice-cp1252.csv');
  await page.locator('.file-card .accounting').waitFor({ timeout: 60_000 });
  assert.deepEqual((await page.locator('.file-card .accounting dd').allInnerTexts()).map(Number), [6, 4, 1, 1]);
  await goTo(page, 'Privacy en hulp');
  await axe(page, 'Privacy en hulp offline');
  await app.done();
});

test('a new build is found and offered, and reloading switches to it', async () => {
  const dirA = mkdtempSync(join(tmpdir(), 'kh-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'kh-b-'));
  try {
    cpSync(DIST, dirA, { recursive: true });
    cpSync(DIST, dirB, { recursive: true });
    // A deploy of another build: the service worker names another build id (as a rebuild would).
    const sw = readFileSync(join(dirB, 'sw.js'), 'utf8');
    const swB = sw.replace(/const BUILD ?= ?"([0-9a-f]+)"/, 'const BUILD = "$1b"');
    assert.notEqual(swB, sw, 'sw.js carries a build id');
    writeFileSync(join(dirB, 'sw.js'), swB);

    const server = await serve({ dir: dirA });
    const app = await openApp(browser, server.url);
    const { page } = app;
    await appReady(page);
    await controlled(page);
    const before = await cacheName(page);
    assert.equal(await page.locator('#update').isVisible(), false);

    await server.setDir(dirB);
    await page.reload();
    await appReady(page);
    const banner = page.locator('#update');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await banner.innerText(), /Nieuwe versie beschikbaar/);
    await axe(page, 'update banner');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Opnieuw laden' }).click(),
    ]);
    await appReady(page);
    await page.waitForFunction((old) => caches.keys().then((k) => k.length === 1 && k[0] !== old), before);
    assert.equal(await cacheName(page), `${before}b`);
    assert.equal(await page.locator('#update').isVisible(), false);
    await app.done();
    await server.close();
  } finally {
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
});
