// The one list of headers (deploy/headers.mjs) and everything that must follow it: the generated
// server configurations in deploy/, the CSP in index.html, the example server, and IIS's web.config
// (IIS cannot run here: the file is checked as XML and read the way IIS reads it, file by file).
// nginx and Apache themselves are tested in webservers.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CACHE_OTHER, HASHED, MUST_REVALIDATE, SECURITY_HEADERS, TYPES, contentType, cspMeta, headersFor,
} from '../../deploy/headers.mjs';
import { generated, webConfig } from '../../deploy/generate.mjs';
import { DIST, serve } from './fixture.mjs';
import { appFiles, compareWithList, required } from './headercheck.mjs';

test('the server configurations in deploy/ are what the one list generates', () => {
  for (const [path, text] of Object.entries(generated())) {
    assert.equal(readFileSync(`deploy/${path}`, 'utf8'), text,
      `deploy/${path} differs from deploy/headers.mjs: run node deploy/generate.mjs`);
  }
});

test("index.html's CSP and referrer policy are the list's", () => {
  for (const file of ['index.html', join(DIST, 'index.html')]) {
    const html = readFileSync(file, 'utf8');
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
    assert.equal(csp, cspMeta(), `${file}: the <meta> CSP differs from deploy/headers.mjs`);
    const referrer = html.match(/<meta name="referrer" content="([^"]+)"/)?.[1];
    assert.equal(referrer, SECURITY_HEADERS.find(([n]) => n === 'Referrer-Policy')[1], `${file}: referrer`);
  }
});

test('every file of the build has a type in the list, and the right files are cached', () => {
  const files = appFiles(DIST);
  for (const f of files) {
    assert.notEqual(contentType(f), 'application/octet-stream', `${f}: no content type in deploy/headers.mjs`);
  }
  for (const f of MUST_REVALIDATE) {
    assert.ok(files.includes(f), `${f} is in the build`);
    assert.equal(headersFor(f).find(([n]) => n === 'Cache-Control')[1], CACHE_OTHER, f);
  }
  // The names Trunk and scripts/precache.mjs give: the page's and the worker's js and wasm, the css.
  const hashed = files.filter((f) => HASHED.test(f));
  for (const re of [/^koppelhulp-[0-9a-f]+\.js$/, /^koppelhulp-[0-9a-f]+_bg\.wasm$/, /^koppelhulp-worker-[0-9a-f]+\.js$/,
    /^koppelhulp-worker-[0-9a-f]+_bg\.wasm$/, /^main-[0-9a-f]+\.css$/]) {
    assert.ok(hashed.some((f) => re.test(f)), `a hashed file like ${re} (${hashed})`);
  }
  // Trunk writes its hash without leading zeros: 1 build in 16 has 15 digits.
  for (const f of ['koppelhulp-cd1088a803bfdcb.js', 'koppelhulp-cd1088a803bfdcb_bg.wasm']) assert.ok(HASHED.test(f), f);
});

test('the example server sends the list, for every file of the build', async () => {
  const server = await serve({ dir: DIST, prefix: '/apps/koppelhulp/' });
  try {
    const { problems, types } = await compareWithList(server.url, DIST);
    assert.deepEqual(problems, []);
    assert.deepEqual(types, ['.css', '.html', '.js', '.json', '.svg', '.wasm', '.webmanifest', '/']);
  } finally {
    await server.close();
  }
});

// ---- IIS: web.config read as IIS reads it -------------------------------------------------------

function xpath(file, expr) {
  try {
    return execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status === 10) return ''; // an empty node set
    throw e;
  }
}

const unescape = (v) => v.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The child elements xmllint printed, as { tag, attrs } in document order. */
function elements(text) {
  return [...text.matchAll(/<(\w+)((?:\s+[\w-]+="[^"]*")*)\s*\/>/g)].map(([, tag, attrs]) => ({
    tag,
    attrs: Object.fromEntries([...attrs.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, unescape(v)])),
  }));
}

/** IIS's collection semantics: clear, remove, add (a second add of the same key is IIS error 500.19). */
function applyCollection(map, items, key, value, where) {
  for (const { tag, attrs } of items) {
    if (tag === 'clear') map.clear();
    else if (tag === 'remove') map.delete(attrs[key]);
    else {
      assert.ok(!map.has(attrs[key]), `${where}: ${attrs[key]} added twice (IIS refuses the file)`);
      map.set(attrs[key], attrs[value]);
    }
  }
  return map;
}

/** What IIS would send for each file: { name → [[header, value]…] } for the folder and every file. */
function iisHeaders(file, files) {
  const root = '/configuration/system.webServer';
  const types = applyCollection(new Map(), elements(xpath(file, `${root}/staticContent/*`)), 'fileExtension', 'mimeType', 'staticContent');
  const custom = elements(xpath(file, `${root}/httpProtocol/customHeaders/*`));
  const paths = [...xpath(file, '/configuration/location/@path').matchAll(/path="([^"]*)"/g)].map(([, p]) => unescape(p));
  const result = {};
  for (const name of ['', ...files]) {
    const headers = applyCollection(new Map(), custom, 'name', 'value', 'customHeaders');
    if (paths.includes(name)) {
      applyCollection(headers, elements(xpath(file, `/configuration/location[@path='${name}']/system.webServer/httpProtocol/customHeaders/*`)),
        'name', 'value', `location ${name}`);
    }
    const served = name === '' ? 'index.html' : name;
    const ext = served.slice(served.lastIndexOf('.'));
    // IIS answers 404.3 for an extension it has no MIME type for.
    result[name] = [['Content-Type', types.get(ext) ?? `(404.3: no mimeMap for ${ext})`], ...headers];
  }
  return result;
}

test("IIS: web.config is well-formed XML and gives every file the list's headers", () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-iis-'));
  try {
    const files = appFiles(DIST);
    const release = join(dir, 'web.config');
    writeFileSync(release, webConfig(files.filter((f) => HASHED.test(f))));
    // The release's web.config (hashed files cached for a year) must equal the list exactly.
    for (const file of ['deploy/iis/web.config', release]) {
      execFileSync('xmllint', ['--noout', file]);
      assert.deepEqual(elements(xpath(file, '/configuration/system.webServer/defaultDocument/files/*')).at(-1),
        { tag: 'add', attrs: { value: 'index.html' } }, `${file}: index.html is a default document`);
    }
    const got = iisHeaders(release, files);
    for (const name of ['', ...files]) {
      const want = headersFor(name);
      assert.deepEqual(Object.fromEntries(got[name]), Object.fromEntries(want), `web.config, ${name || 'the folder'}`);
      assert.equal(got[name].length, want.length, `web.config sends only the list's headers for ${name}`);
      assert.deepEqual(required(name, Object.fromEntries(got[name].map(([n, v]) => [n.toLowerCase(), v]))), []);
    }
    // The repository's copy: the same, except that every file is checked with the server each time.
    const plain = iisHeaders('deploy/iis/web.config', files);
    for (const name of ['', ...files]) {
      const want = headersFor(name).map(([n, v]) => [n, n === 'Cache-Control' ? CACHE_OTHER : v]);
      assert.deepEqual(Object.fromEntries(plain[name]), Object.fromEntries(want), `deploy/iis/web.config, ${name || 'the folder'}`);
    }
    // Every type of the list is mapped, .wasm and .webmanifest among them.
    const mapped = elements(xpath(release, '/configuration/system.webServer/staticContent/mimeMap'));
    assert.deepEqual(mapped.map((m) => [m.attrs.fileExtension, m.attrs.mimeType]), TYPES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
