// Asks a web server for every file of the app (and the folder's own URL) and compares each answer
// with the one list (deploy/headers.mjs): status, body, and every header the list names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative, sep } from 'node:path';
import { headersFor } from '../../deploy/headers.mjs';

/** GET `url` without following redirects: { status, headers, rawHeaders, body }. */
export function get(url, headers = {}) {
  return new Promise((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The app's files in `dir`, as paths relative to it; the servers' own configuration files left out. */
export function appFiles(dir) {
  return walk(dir).map((p) => relative(dir, p).split(sep).join('/'))
    .filter((f) => f !== 'web.config' && f !== '.htaccess').sort();
}

/**
 * What the app needs from any server, written out here on its own (not taken from the list), so that
 * a header dropped from deploy/headers.mjs — and so from every configuration generated from it —
 * fails the tests. `name`: the file's name, '' for the folder's URL. Returns the problems found.
 */
export function required(name, headers) {
  const h = (n) => String(headers[n.toLowerCase()] ?? '');
  const problems = [];
  const need = (ok, what) => { if (!ok) problems.push(`${name || '(the folder)'}: ${what}`); };
  const csp = h('Content-Security-Policy').split(';').map((d) => d.trim());
  for (const directive of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'",
    "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]) {
    need(csp.includes(directive), `CSP lacks ${directive}`);
  }
  need(h('X-Content-Type-Options') === 'nosniff', 'X-Content-Type-Options: nosniff');
  need(h('Referrer-Policy') === 'no-referrer', 'Referrer-Policy: no-referrer');
  // HSTS: at least a year (a server may send its own, longer one for the whole site: that one counts).
  const maxAge = Number(/max-age=(\d+)/.exec(h('Strict-Transport-Security'))?.[1] ?? 0);
  need(maxAge >= 31536000, `Strict-Transport-Security max-age of a year or more, not "${h('Strict-Transport-Security')}"`);
  const permissions = h('Permissions-Policy').split(',').map((d) => d.trim());
  for (const feature of ['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'payment', 'clipboard-read']) {
    need(permissions.includes(`${feature}=()`), `Permissions-Policy lacks ${feature}=()`);
  }
  need(!permissions.some((d) => d.startsWith('clipboard-write')), 'Permissions-Policy must leave clipboard-write alone (the app copies)');
  need(h('Cross-Origin-Opener-Policy') === 'same-origin', 'Cross-Origin-Opener-Policy: same-origin');
  need(h('Cross-Origin-Resource-Policy') === 'same-origin', 'Cross-Origin-Resource-Policy: same-origin');
  const file = name === '' ? 'index.html' : name.split('/').pop();
  const cache = h('Cache-Control');
  if (name === '' || ['index.html', 'sw.js', 'boot.js', 'worker.js'].includes(file)) need(cache === 'no-cache', `Cache-Control no-cache, not "${cache}"`);
  if (/-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/.test(file)) need(/max-age=31536000/.test(cache) && /immutable/.test(cache), `Cache-Control a year, immutable, not "${cache}"`);
  const type = h('Content-Type').toLowerCase();
  const want = { wasm: 'application/wasm', webmanifest: 'application/manifest+json', js: 'text/javascript', html: 'text/html', css: 'text/css' }[file.split('.').pop()];
  if (want) need(type.split(';')[0].trim() === want, `Content-Type ${want}, not "${type}"`);
  return problems;
}

// "text/html; charset=UTF-8" and "text/html;charset=utf-8" say the same.
const norm = (name, value) => (name === 'Content-Type' ? value.toLowerCase().replace(/\s+/g, '') : value);

/** Every value of header `name` in the order sent (raw: Node joins repeated headers into one). */
export function allValues(res, name) {
  const values = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    if (res.rawHeaders[i].toLowerCase() === name.toLowerCase()) values.push(res.rawHeaders[i + 1]);
  }
  return values;
}

/**
 * Every file of `dir` from `base` (the app's URL, ending in '/'): the differences from the list, as
 * lines ('' when none). Also: every file type seen, to show what was covered.
 * `serverOwn`: headers the server itself sends for the whole site ([name, value]); each must reach
 * every file of the app, and where the list names the same header the server's value must be the
 * first one sent (the one browsers follow).
 */
export async function compareWithList(base, dir, { serverOwn = [] } = {}) {
  const own = new Map(serverOwn.map(([n, v]) => [n.toLowerCase(), v]));
  const problems = [];
  const types = new Set();
  for (const name of ['', ...appFiles(dir)]) {
    const res = await get(base + name);
    const label = name || '(the folder)';
    if (res.status !== 200) {
      problems.push(`${label}: status ${res.status}`);
      continue;
    }
    if (!res.body.equals(readFileSync(join(dir, name || 'index.html')))) problems.push(`${label}: body differs from the file`);
    types.add(name.includes('.') ? name.slice(name.lastIndexOf('.')) : '/');
    const first = Object.fromEntries(Object.keys(res.headers).map((k) => [k, allValues(res, k)[0] ?? res.headers[k]]));
    problems.push(...required(name, first));
    for (const [header, value] of own) {
      if (first[header] !== value) problems.push(`${label}: the server's own ${header} is "${first[header]}", want "${value}" first`);
    }
    for (const [header, want] of headersFor(name)) {
      if (own.has(header.toLowerCase())) continue;
      const got = res.headers[header.toLowerCase()];
      if (got === undefined) problems.push(`${label}: no ${header} (want "${want}")`);
      else if (norm(header, String(got)) !== norm(header, want)) problems.push(`${label}: ${header} is "${got}", want "${want}"`);
    }
  }
  return { problems, types: [...types].sort() };
}
