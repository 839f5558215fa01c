// The release zip (scripts/package): the same input gives the same bytes, the entries are sorted and
// share one time stamp, and the zip of this checkout is exactly what the build in dist/ gives.
// Its contents on real servers and `sha256sum -c SHA256SUMS`: webservers.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { epoch, releaseEntries, version, zip } from '../../scripts/package.mjs';
import { DIST, TEST_DIST } from './fixture.mjs';

test('the same build gives the same zip, byte for byte, and it is the zip on disk', () => {
  const v = version();
  const first = zip(releaseEntries(DIST, v), epoch());
  const second = zip(releaseEntries(DIST, v), epoch());
  assert.ok(first.equals(second), 'two zips of the same input are identical');
  const file = `koppelhulp-${v}.zip`;
  assert.ok(readFileSync(file).equals(first), `${file} is what scripts/package.mjs writes from ${DIST}`);
});

test('the zip: sorted entries, one time stamp, plain files, unzip -t passes', () => {
  const file = `koppelhulp-${version()}.zip`;
  execFileSync('unzip', ['-tq', file]);
  // zipinfo: permissions, version, os, size, type, method, date-time (-T: yyyymmdd.hhmmss), name
  const rows = execFileSync('unzip', ['-Z', '-T', file], { encoding: 'utf8' }).trim().split('\n')
    .filter((l) => /^-/.test(l)).map((l) => l.split(/\s+/));
  const names = rows.map((r) => r.at(-1));
  assert.deepEqual(names, [...names].sort(), 'entries sorted by path');
  assert.equal(new Set(rows.map((r) => r[6])).size, 1, `one time stamp: ${[...new Set(rows.map((r) => r[6]))]}`);
  assert.ok(rows.every((r) => r[0] === '-rw-r--r--'), 'every entry a plain rw-r--r-- file');
  const top = `koppelhulp-${version()}/`;
  for (const f of ['INSTALLEREN.txt', 'LICENSE', 'SHA256SUMS', 'app/index.html', 'app/web.config', 'app/.htaccess',
    'server/nginx-koppelhulp.conf', 'server/apache-koppelhulp-vhost.conf']) {
    assert.ok(names.includes(top + f), `${f} in the zip`);
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
