// The release zip (scripts/package): the same input gives the same bytes, the entries are sorted and
// share one time stamp, and the zip of this checkout is exactly what the build in dist/ gives.
// Its contents on real servers and `sha256sum -c SHA256SUMS`: webservers.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { epoch, releaseEntries, version, zip } from '../../scripts/package.mjs';
import { DIST } from './fixture.mjs';

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
