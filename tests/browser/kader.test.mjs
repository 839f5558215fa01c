// Koppelhulp never runs inside a frame of another page (clickjacking). With the server's headers the
// browser refuses the frame itself (CSP frame-ancestors 'none'); a <meta> CSP cannot say that, so on a
// server that sends no headers boot.js refuses: it does not start the app and says why, in Dutch.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { contentType } from '../../deploy/headers.mjs';
import { DIST, appReady, axe, launch, openApp, screenshot, serve } from './fixture.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FRAMING_PAGE = (src) => `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Een andere pagina</title></head>
<body><h1>Een andere pagina</h1><iframe title="Koppelhulp in een frame" src="${src}" width="900" height="500"></iframe></body></html>`;

/** dist/ under /app/ with content types only (no security headers, as a careless server), and a framing page at /. */
async function bareServer() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(FRAMING_PAGE('/app/'));
      return;
    }
    const rel = path.startsWith('/app/') ? path.slice(5) || 'index.html' : null;
    const file = rel && normalize(join(DIST, rel));
    try {
      if (!file || !file.startsWith(normalize(DIST))) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': contentType(file) }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Niet gevonden');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

test('without the server\'s headers, boot.js refuses to run in a frame and says so', async () => {
  const server = await bareServer();
  try {
    // The same page on its own starts normally (the guard only acts in a frame).
    const alone = await openApp(browser, `${server.url}app/`, { contextOptions: { serviceWorkers: 'block' } });
    await appReady(alone.page);
    await alone.done();

    const app = await openApp(browser, server.url, { contextOptions: { serviceWorkers: 'block' } });
    const { page } = app;
    const frame = page.frameLocator('iframe');
    await frame.locator('html[data-boot="failed"]').waitFor();
    const message = await frame.locator('#boot-fail').innerText();
    assert.match(message, /Koppelhulp werkt niet binnen een andere webpagina/);
    assert.equal(await frame.getByRole('link', { name: 'Koppelhulp openen in een nieuw tabblad' }).getAttribute('target'), '_blank');
    assert.equal(await frame.locator('nav').count(), 0, 'the app did not start');
    const inner = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(await inner.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
    await screenshot(page, 'kader-geweigerd');
    await axe(page, 'the framed refusal');
    await app.done();
  } finally {
    await server.close();
  }
});

test('with the server\'s headers, the browser refuses the frame itself (frame-ancestors)', async () => {
  const app = await serve({ dir: DIST });
  const host = await bareServer(); // another origin (another port) that frames the app
  try {
    const { page, done } = await openApp(browser, host.url, {
      allowedOrigins: [new URL(app.url).origin],
      expectErrors: [/frame-ancestors/, /Refused to frame/, /Refused to display/],
    });
    await page.evaluate((src) => { document.querySelector('iframe').src = src; }, app.url);
    await page.waitForTimeout(1500);
    const inner = page.frames().find((f) => f !== page.mainFrame());
    const booted = await inner.evaluate(() => document.documentElement.dataset.boot ?? null).catch(() => null);
    assert.equal(booted, null, 'nothing of the app ran in the frame');
    await done();
  } finally {
    await app.close();
    await host.close();
  }
});
