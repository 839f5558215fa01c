// The release zip on real web servers: Debian's nginx and Apache (with .htaccess, and with the vhost
// snippet), each serving the unpacked zip from /apps/koppelhulp/ with the configuration the zip
// carries. For each: every header of every file is the one list's (deploy/headers.mjs), the app boots
// (its footer names the zip's version), imports a register in its background worker, and after the
// server is stopped loads again from the service worker's cache and still works. And a server that
// sends headers of its own for the whole site (its HSTS) keeps sending them with the app's files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { appReady, goTo, launch, openApp, screenshot } from './fixture.mjs';
import { allValues, compareWithList, get } from './headercheck.mjs';
import { PREFIX, startApache, startNginx, unpackRelease } from './webservers.mjs';

let browser;
let release;
before(async () => {
  release = unpackRelease();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (release) rmSync(release.dir, { recursive: true, force: true });
});

test('the unpacked zip passes sha256sum -c SHA256SUMS', () => {
  const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: release.top, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  assert.ok(lines.length > 10 && lines.every((l) => l.endsWith(': OK')), out);
  assert.ok(lines.some((l) => l.startsWith('app/index.html:')) && lines.some((l) => l.startsWith('INSTALLEREN.txt:')), out);
});

async function bootImportOffline(server, label) {
  const app = await openApp(browser, server.url);
  const { page } = app;
  await appReady(page);
  assert.match(await page.locator('footer').innerText(), new RegExp(`Koppelhulp versie ${release.version.replace(/\./g, '\\.')}`));
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', 'tests/fixtures/import/libreoffice-cp1252.csv');
  await page.locator('.file-card .accounting').waitFor({ timeout: 60_000 });
  assert.deepEqual((await page.locator('.file-card .accounting dd').allInnerTexts()).map(Number), [6, 4, 1, 1]);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30_000 });
  await screenshot(page, `server-${label}`);

  await server.stop();
  const gone = await get(server.url).then(() => false, () => true);
  assert.ok(gone, `${label} is stopped`);
  await app.context.setOffline(true);
  await page.reload();
  await appReady(page);
  await page.locator('#verbinding', { hasText: 'Offline' }).waitFor();
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', 'tests/fixtures/import/libreoffice.ods');
  await page.locator('.file-card .accounting').waitFor({ timeout: 60_000 });
  assert.deepEqual((await page.locator('.file-card .accounting dd').allInnerTexts()).map(Number), [6, 4, 1, 1]);
  await app.done();
}

async function headersAndRedirect(server) {
  const { problems, types } = await compareWithList(server.url, join(release.top, 'app'));
  assert.deepEqual(problems, [], 'every file gets the headers of deploy/headers.mjs');
  assert.deepEqual(types, ['.css', '.html', '.js', '.json', '.svg', '.wasm', '.webmanifest', '/']);
  // The folder without its slash is sent on to the folder.
  const bare = await get(`${server.origin}${PREFIX.replace(/\/$/, '')}`);
  assert.equal(bare.status, 301);
  assert.equal(new URL(bare.headers.location, server.origin).pathname, PREFIX);
  // The wasm travels compressed when the browser asks, with the same headers.
  const wasmName = (await get(server.url)).body.toString().match(/koppelhulp-[0-9a-f]{1,16}_bg\.wasm/)[0];
  const packed = await get(server.url + wasmName, { 'Accept-Encoding': 'gzip' });
  assert.equal(packed.headers['content-encoding'], 'gzip');
  assert.equal(packed.headers['cache-control'], 'public, max-age=31536000, immutable');
  const raw = readFileSync(join(release.top, 'app', wasmName));
  assert.ok(gunzipSync(packed.body).equals(raw));
  assert.ok(packed.body.length < raw.length / 2, `gzip ${packed.body.length} of ${raw.length} B`);
}

for (const [label, start] of [
  ['nginx', () => startNginx(release)],
  ['apache-htaccess', () => startApache(release, 'htaccess')],
  ['apache-vhost', () => startApache(release, 'vhost')],
]) {
  describe(label, () => {
    let server;
    before(async () => { server = await start(); });
    after(async () => { await server?.stop(); });

    test(`${label}: every file of the zip with the headers of the one list`, async () => {
      await headersAndRedirect(server);
      assert.equal(server.log().match(/\[(emerg|alert|crit|error)\]/g), null, server.log());
    });

    test(`${label}: boots, imports a register, works offline after the server stops`, async () => {
      await bootImportOffline(server, label);
    });
  });
}

// The site's own headers, as an HTTPS site would send them for every page (a longer HSTS than the app's).
const SITE_HEADERS = [
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
  ['X-Site-Eigen', 'van-de-server'],
];

for (const [label, start] of [
  ['nginx', () => startNginx(release, { serverHeaders: SITE_HEADERS })],
  ['apache-htaccess', () => startApache(release, 'htaccess', { serverHeaders: SITE_HEADERS })],
  ['apache-vhost', () => startApache(release, 'vhost', { serverHeaders: SITE_HEADERS })],
]) {
  test(`${label}: the server's own headers (its HSTS) stay on every file of the app`, async () => {
    const server = await start();
    try {
      const { problems } = await compareWithList(server.url, join(release.top, 'app'), { serverOwn: SITE_HEADERS });
      assert.deepEqual(problems, [], "every file: the list's headers, and the server's own kept");
      const hsts = allValues(await get(server.url), 'Strict-Transport-Security');
      if (label === 'nginx') {
        // nginx cannot leave out a header the server already sends: the app's comes second, and
        // browsers follow the first (RFC 6797 §8.1). deploy/nginx/koppelhulp.conf says so.
        assert.deepEqual(hsts, [SITE_HEADERS[0][1], 'max-age=31536000']);
        // Another location of the same server gets the server's headers and none of the app's.
        const other = await get(`${server.origin}/ander/`);
        assert.equal(other.status, 200);
        assert.deepEqual(allValues(other, 'Strict-Transport-Security'), [SITE_HEADERS[0][1]]);
        assert.equal(other.headers['x-site-eigen'], 'van-de-server');
        for (const h of ['content-security-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cache-control']) {
          assert.equal(other.headers[h], undefined, `${h} is not sent outside the app's folder`);
        }
      } else {
        // Apache sets the app's HSTS only where the server sends none (setifempty).
        assert.deepEqual(hsts, [SITE_HEADERS[0][1]]);
      }
      assert.equal(server.log().match(/\[(emerg|alert|crit|error)\]/g), null, server.log());
    } finally {
      await server.stop();
    }
  });
}
