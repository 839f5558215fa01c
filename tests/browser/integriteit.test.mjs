// Only the app's own files run as the app. Cache Storage belongs to the host, not to the folder: any
// page of the same origin (another application on the same intranet server) can write into the app's
// offline cache. Here such a page plants a changed index.html (with an inline script), a changed
// boot.js and a changed js glue into the cache with caches.open(name).put(...), and the next visit
// must not run them: online the service worker fetches the real files again (and repairs its cache),
// offline it refuses with a Dutch message. And two copies of Koppelhulp on one host (a test copy and
// a production copy) keep their own caches: an update of one leaves the other's alone.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, appReady, axe, launch, openApp, screenshot, serve } from './fixture.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30_000 });
}

/** The app's cache (the one this page's service worker uses) and the URLs in it. */
async function appCache(page) {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('koppelhulp-'));
    const urls = names.length === 1 ? (await (await caches.open(names[0])).keys()).map((r) => r.url) : [];
    return { names, urls };
  });
}

const GLUE = /\/koppelhulp-[0-9a-f]{1,16}\.js$/;

/** Write `what` ([url, body, type]; '{{ORIGINAL}}' in a body: the cached file) into cache `name`, from `page`. */
async function plantFrom(page, name, what) {
  await page.evaluate(async ({ name, what }) => {
    const cache = await caches.open(name);
    for (const [url, body, type] of what) {
      const original = (await (await cache.match(url))?.text()) ?? '';
      await cache.put(url, new Response(body.replace('{{ORIGINAL}}', original), { headers: { 'Content-Type': type } }));
    }
  }, { name, what });
}

/**
 * An intranet host with two applications: Koppelhulp in /apps/koppelhulp/ (the build) and another
 * one in /andere-app/. `{ url, origin, close() }`, url: Koppelhulp's.
 */
async function sharedHost() {
  const root = mkdtempSync(join(tmpdir(), 'kh-host-'));
  cpSync(DIST, join(root, 'apps', 'koppelhulp'), { recursive: true });
  mkdirSync(join(root, 'andere-app'));
  writeFileSync(join(root, 'andere-app', 'index.html'), '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
    + '<link rel="icon" href="data:,"><title>Een andere toepassing</title></head><body><h1>Een andere toepassing</h1></body></html>');
  const server = await serve({ dir: root });
  return {
    url: `${server.origin}/apps/koppelhulp/`,
    origin: server.origin,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** What another application on the same host can do: open a page of its own and write into the cache. */
async function plant(context, origin, name, what) {
  const other = await context.newPage();
  await other.goto(`${origin}/andere-app/`); // same origin, outside the app's folder
  assert.equal(await other.evaluate(() => navigator.serviceWorker.controller), null, 'a page the app does not control');
  await plantFrom(other, name, what);
  await other.close();
}

const PLANTED_INDEX = ['<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Geplant</title>',
  '<script>window.__geplant = "index.html"; document.documentElement.dataset.geplant = "index.html";</script>',
  '</head><body><h1>Geplant</h1></body></html>'].join('');
const PLANTED_JS = 'window.__geplant = "js"; document.documentElement.dataset.geplant = "js";\n{{ORIGINAL}}';
const PLANTED_BOOT = 'window.__geplant = "boot.js"; document.documentElement.dataset.geplant = "boot.js";\n{{ORIGINAL}}';

async function nothingPlantedRan(page) {
  const ran = await page.evaluate(() => [window.__geplant ?? null, document.documentElement.dataset.geplant ?? null]);
  assert.deepEqual(ran, [null, null], 'no planted script ran');
  assert.equal(await page.getByRole('heading', { name: 'Geplant' }).count(), 0);
}

test('files planted in the cache by another page of the host do not run: online they are fetched again', async () => {
  const server = await sharedHost();
  const app = await openApp(browser, server.url);
  const { page, context } = app;
  try {
    await appReady(page);
    await controlled(page);
    const { names, urls } = await appCache(page);
    assert.equal(names.length, 1, `one cache: ${names}`);
    assert.match(names[0], /^koppelhulp-[0-9a-f]{16}-[0-9a-f]{16}$/, 'named koppelhulp-<scope>-<build>');
    const index = server.url;
    const glue = urls.find((u) => GLUE.test(u));
    const boot = urls.find((u) => u.endsWith('/boot.js'));
    assert.ok(urls.includes(index) && glue && boot, `index.html, boot.js and the glue are cached: ${urls}`);

    await plant(context, server.origin, names[0], [
      [index, PLANTED_INDEX, 'text/html'], [glue, PLANTED_JS, 'text/javascript'], [boot, PLANTED_BOOT, 'text/javascript'],
    ]);
    const planted = await page.evaluate(async ({ name, index }) => (await (await caches.open(name)).match(index)).text(), { name: names[0], index });
    assert.equal(planted, PLANTED_INDEX, 'the planted page is in the cache, under the key the app uses');

    await page.reload();
    await appReady(page);
    await nothingPlantedRan(page);
    // The worker put the real files back.
    const repaired = await page.evaluate(async ({ name, urls }) => {
      const cache = await caches.open(name);
      return Promise.all(urls.map(async (u) => (await (await cache.match(u))?.text()) ?? 'missing'));
    }, { name: names[0], urls: [index, glue, boot] });
    assert.equal(repaired[0], readFileSync(join(DIST, 'index.html'), 'utf8'));
    assert.equal(repaired[1], readFileSync(join(DIST, glue.split('/').pop()), 'utf8'));
    assert.equal(repaired[2], readFileSync(join(DIST, 'boot.js'), 'utf8'));
    await app.done();
  } finally {
    await server.close();
  }
});

test('files planted in the cache do not run offline either: the app refuses, in Dutch', async () => {
  const server = await sharedHost();
  const app = await openApp(browser, server.url, {
    // The refused glue is a failed load (503) and boot.js says the app could not start.
    expectErrors: [/503/, /Koppelhulp kon niet starten/, /Failed to fetch dynamically imported module/],
  });
  const { page, context } = app;
  let stopped = false;
  try {
    await appReady(page);
    await controlled(page);
    const { names, urls } = await appCache(page);
    const glue = urls.find((u) => GLUE.test(u));

    // A changed js file, the server out of reach: the app does not start, and says so.
    await plant(context, server.origin, names[0], [[glue, PLANTED_JS, 'text/javascript']]);
    await server.close();
    stopped = true;
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('html[data-boot="failed"]');
    await nothingPlantedRan(page);
    const said = await page.locator('#boot-fail').innerText();
    assert.match(said, /Koppelhulp kan niet starten/);
    assert.match(said, /zijn veranderd, en de server is niet bereikbaar/);
    await screenshot(page, 'integriteit-js-offline');

    // A changed index.html with its own inline script: the worker answers with its Dutch page instead.
    // (The server is gone, so the planting is done from this page: the same origin all the same.)
    await plantFrom(page, names[0], [[server.url, PLANTED_INDEX, 'text/html']]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Koppelhulp kan niet starten' }).waitFor();
    await nothingPlantedRan(page);
    const text = await page.locator('main').innerText();
    assert.match(text, /zijn veranderd/);
    assert.match(text, /Meld dit bij de afdeling ICT/);
    assert.equal(await page.locator('script').count(), 0, 'the message page has no script');
    await axe(page, 'the service worker\'s refusal page');
    await screenshot(page, 'integriteit-index-offline');
    await app.done();
  } finally {
    if (!stopped) await server.close();
  }
});

test('two copies on one host keep their own caches: updating one leaves the other alone', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kh-twee-'));
  try {
    for (const copy of ['test', 'productie']) cpSync(DIST, join(root, copy), { recursive: true });
    const server = await serve({ dir: root });
    const app = await openApp(browser, `${server.origin}/test/`);
    const { page, context } = app;
    try {
      await appReady(page);
      await controlled(page);
      const production = await context.newPage();
      await production.goto(`${server.origin}/productie/`);
      await appReady(production);
      await controlled(production);
      const names = (await appCache(page)).names.sort();
      assert.equal(names.length, 2, `a cache per copy: ${names}`);
      const scopes = names.map((n) => n.split('-')[1]);
      assert.notEqual(scopes[0], scopes[1], 'named after different scopes');
      const builds = names.map((n) => n.split('-')[2]);
      assert.equal(builds[0], builds[1], 'the same build');

      const testScope = await page.evaluate(async () => {
        const scope = (await navigator.serviceWorker.getRegistration()).scope;
        const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(scope)));
        return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
      });
      const testName = names.find((n) => n.split('-')[1] === testScope);
      const productionName = names.find((n) => n !== testName);
      assert.ok(testName && productionName, `${names} / ${testScope}`);

      // A new release of the test copy only (its service worker names another build).
      const swPath = join(root, 'test', 'sw.js');
      const sw = readFileSync(swPath, 'utf8');
      writeFileSync(swPath, sw.replace(/const BUILD ?= ?"([0-9a-f]+)"/, 'const BUILD = "$1b"'));
      await page.reload();
      await appReady(page);
      await page.locator('#update').waitFor({ state: 'visible', timeout: 30_000 });
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Opnieuw laden' }).click()]);
      await appReady(page);
      await page.waitForFunction((old) => caches.keys().then((k) => !k.includes(old)), testName);
      const after = (await appCache(page)).names.sort();
      assert.deepEqual(after, [`${testName}b`, productionName].sort(), 'the test copy has its new cache, the production copy\'s is untouched');
      // The production copy still works from its own cache, offline.
      await server.close();
      await context.setOffline(true);
      await production.reload();
      await appReady(production);
      await app.done();
    } finally {
      await server.close(); // again, if a step failed before
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the service worker knows the SHA-256 of every file of the build', () => {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const files = JSON.parse(/const FILES ?= ?(\{[^}]*\});/.exec(sw)[1]);
  const listed = Object.keys(files).map((f) => (f === './' ? 'index.html' : f.slice(2))).sort();
  const built = readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile()).map((d) => join(d.parentPath ?? d.path, d.name).slice(DIST.length + 1).split('\\').join('/'))
    .filter((f) => f !== 'sw.js').sort();
  assert.deepEqual(listed, built, 'every file but sw.js itself');
  for (const [f, sha] of Object.entries(files)) {
    const bytes = readFileSync(join(DIST, f === './' ? 'index.html' : f.slice(2)));
    assert.equal(sha, createHash('sha256').update(bytes).digest('hex'), f);
  }
});
