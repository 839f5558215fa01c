// The release zip (scripts/package, zipped by examples/pakket.rs): the same input gives the same bytes,
// the entries are sorted and share one time stamp, the zip of this checkout is exactly what the build
// in dist/ gives, its SHA-256 lies beside it (not only inside), it carries an SBOM, and nothing of the
// self-test triggers. Its contents on real servers and `sha256sum -c SHA256SUMS`: webservers.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { epoch, releaseEntries, shaLine, version, writeZip } from '../../scripts/package.mjs';
import { DIST } from './fixture.mjs';

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

/** Every file of the zip, inflated: [name, bytes]. */
function zipEntries(bytes) {
  const out = [];
  let end = bytes.length - 22;
  while (bytes.readUInt32LE(end) !== 0x06054b50) end -= 1;
  let p = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < bytes.readUInt16LE(end + 10); i += 1) {
    const method = bytes.readUInt16LE(p + 10);
    const size = bytes.readUInt32LE(p + 20);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extra = bytes.readUInt16LE(p + 30);
    const comment = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    out.push([name, method === 8 ? inflateRawSync(data) : data]);
    p += 46 + nameLength + extra + comment;
  }
  return out;
}

// WAITS ON THE RUST SIDE (issue 25): the self-test triggers (?zelftest=paniek in src/ui/mod.rs,
// ?zelftest=werker in src/ui/state/registers.rs and src/worker/) must exist only in the build the
// browser tests use, never in the release. Until that change lands, this test fails on the page's
// and the worker's wasm. It is meant to fail until then: do not mark it todo or skip it.
test('the release zip holds no self-test trigger (no "zelftest" in any file)', () => {
  const found = zipEntries(readFileSync(zipName()))
    .filter(([, data]) => data.includes(Buffer.from('zelftest')))
    .map(([name]) => name);
  assert.deepEqual(found, [], `"zelftest" in the release: ${found.join(', ')}`);
});
