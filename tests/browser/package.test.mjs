// The release zip (scripts/package, zipped by examples/pakket.rs): the same input gives the same bytes,
// the entries are sorted and share one time stamp, the zip of this checkout is exactly what the build
// in dist/ gives, its SHA-256 lies beside it (not only inside), it carries an SBOM, and nothing of the
// self-test triggers. Its contents on real servers and `sha256sum -c SHA256SUMS`: webservers.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { epoch, releaseEntries, shaLine, version, writeZip } from '../../scripts/package.mjs';
import { DIST, TEST_DIST } from './fixture.mjs';

const zipName = () => `koppelhulp-${version()}.zip`;

test('the same build gives the same zip, byte for byte, and it is the zip on disk', () => {
  const v = version();
  const dir = mkdtempSync(join(tmpdir(), 'kh-zip-'));
  try {
    const first = writeZip(releaseEntries(DIST, v), epoch(), join(dir, 'a.zip'));
    const second = writeZip(releaseEntries(DIST, v), epoch(), join(dir, 'b.zip'));
    assert.ok(first.equals(second), 'two zips of the same input are identical');
    assert.ok(readFileSync(zipName()).equals(first), `${zipName()} is what scripts/package.mjs writes from ${DIST}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the zip: sorted entries, one time stamp, plain files, unzip -t passes', () => {
  const file = zipName();
  execFileSync('unzip', ['-tq', file]);
  // zipinfo: permissions, version, os, size, type, method, date-time (-T: yyyymmdd.hhmmss), name
  const rows = execFileSync('unzip', ['-Z', '-T', file], { encoding: 'utf8' }).trim().split('\n')
    .filter((l) => /^-/.test(l)).map((l) => l.split(/\s+/));
  const names = rows.map((r) => r.at(-1));
  assert.deepEqual(names, [...names].sort(), 'entries sorted by path');
  assert.equal(new Set(rows.map((r) => r[6])).size, 1, `one time stamp: ${[...new Set(rows.map((r) => r[6]))]}`);
  assert.ok(rows.every((r) => r[0] === '-rw-r--r--'), 'every entry a plain rw-r--r-- file');
  const top = `koppelhulp-${version()}/`;
  for (const f of ['INSTALLEREN.txt', 'LICENSE', 'SHA256SUMS', 'sbom.cdx.json', 'app/index.html', 'app/web.config',
    'app/.htaccess', 'server/nginx-koppelhulp.conf', 'server/apache-koppelhulp-vhost.conf']) {
    assert.ok(names.includes(top + f), `${f} in the zip`);
  }
});

test("the zip's SHA-256 lies beside it, in sha256sum's format", () => {
  const file = zipName();
  const beside = readFileSync(`${file}.sha256`, 'utf8');
  assert.equal(beside, shaLine(readFileSync(file), file));
  assert.match(execFileSync('sha256sum', ['-c', `${file}.sha256`], { encoding: 'utf8' }), /: OK/);
});

test('the SBOM lists the crates built into the app, with licence and crate hash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-sbom-'));
  try {
    execFileSync('unzip', ['-q', zipName(), '*/sbom.cdx.json', '-d', dir]);
    const doc = JSON.parse(readFileSync(join(dir, `koppelhulp-${version()}`, 'sbom.cdx.json'), 'utf8'));
    assert.equal(doc.bomFormat, 'CycloneDX');
    assert.equal(doc.metadata.component.version, version());
    assert.match(doc.components.find((c) => c.name === 'cfb').properties[0].value, /^vendor\/cfb /);
    const byName = new Map(doc.components.map((c) => [c.name, c]));
    // Crates the page and the worker are built from (Cargo.toml), shipped in the wasm.
    for (const name of ['calamine', 'rust_xlsxwriter', 'leptos', 'wasm-bindgen', 'zip', 'ms-offcrypto-writer', 'cfb']) {
      assert.equal(byName.get(name)?.scope, 'required', `${name} is in the SBOM as shipped`);
    }
    // Test-only crates are not.
    assert.equal(byName.has('proptest'), false, 'dev-dependencies are not listed');
    for (const c of doc.components) {
      assert.ok(c.licenses?.[0]?.expression, `${c.name}: a licence`);
      assert.match(c.purl, /^pkg:cargo\//);
      const path = c.properties?.find((p) => p.name === 'koppelhulp:source')?.value;
      if (!path) assert.match(c.hashes?.[0]?.content ?? '', /^[0-9a-f]{64}$/, `${c.name}: the crate's SHA-256`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The files of a folder, with their bytes. */
function filesOf(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => ({ name: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

test('no self-test in the release zip: not one file of it holds "zelftest" (the test build does)', () => {
  const file = `koppelhulp-${version()}.zip`;
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').filter((n) => !n.endsWith('/'));
  assert.ok(names.some((n) => n.endsWith('.wasm')), 'the zip has the wasm');
  const found = names.filter((n) => execFileSync('unzip', ['-p', file, n], { maxBuffer: 1 << 28 }).includes('zelftest'));
  assert.deepEqual(found, [], 'files of the release zip with a self-test');
  // The same search finds the self-tests in the test build's page and worker: it can fail.
  const inTestBuild = filesOf(TEST_DIST).filter((f) => f.bytes.includes('zelftest')).map((f) => f.name);
  assert.ok(inTestBuild.some((n) => /koppelhulp-[0-9a-f]+_bg\.wasm$/.test(n)), `the test build's page: ${inTestBuild}`);
  assert.ok(inTestBuild.some((n) => /koppelhulp-worker-[0-9a-f]+_bg\.wasm$/.test(n)), `the test build's worker: ${inTestBuild}`);
  assert.deepEqual(filesOf(DIST).filter((f) => f.bytes.includes('zelftest')).map((f) => f.name), [], `${DIST}/ is the release`);
});
