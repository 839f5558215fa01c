// The download budget (BENCHMARKS.md): wasm + js under 1 MB gzip. Sizes are deterministic.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIST } from './fixture.mjs';

test('wasm + js are under 1 MB gzip', () => {
  const files = readdirSync(DIST).filter((f) => f.endsWith('.wasm') || f.endsWith('.js'));
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'dist/ holds the wasm');
  const sizes = files.map((f) => {
    const raw = readFileSync(join(DIST, f));
    return { f, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
  const total = sizes.reduce((n, s) => n + s.gzip, 0);
  console.log(sizes.map((s) => `${s.f}: ${s.raw} B raw, ${s.gzip} B gzip`).join('\n'));
  assert.ok(total < 1_000_000, `wasm + js = ${total} B gzip, over the 1 MB budget`);
});
