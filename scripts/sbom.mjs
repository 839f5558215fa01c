// The release's software bill of materials: a CycloneDX 1.5 JSON document of the Rust crates that are
// built into the app (the page's and the background worker's wasm), written from `cargo metadata`
// (so from Cargo.lock). Written here rather than with cargo-cyclonedx: no extra tool of some 200
// crates to build and trust, and the same commit gives the same bytes (no clock, no random serial
// number). The npm packages (package.json) ship nothing: they are build and test tools only.
//
//   node scripts/sbom.mjs [version]     print it
//
// Each component: name, version, purl, licence expression, and the SHA-256 of the crate file that
// Cargo.lock records (a crate from a path — Koppelhulp's own, the vendored cfb — has none; a property
// names its folder instead). A crate
// that is only needed to build (a proc-macro and what only it uses) has scope "excluded"; dev- and
// build-dependencies are not listed at all.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Cargo.lock's checksums: "name version" → sha256 of the .crate file. */
function lockChecksums() {
  const lock = readFileSync(join(ROOT, 'Cargo.lock'), 'utf8');
  const sums = new Map();
  for (const block of lock.split('[[package]]').slice(1)) {
    const get = (key) => new RegExp(`^${key} = "([^"]+)"`, 'm').exec(block)?.[1];
    if (get('checksum')) sums.set(`${get('name')} ${get('version')}`, get('checksum'));
  }
  return sums;
}

/** A UUID (RFC 4122 form, version 5 bits) made from `text`: the same input, the same serial number. */
function uuidFrom(text) {
  const h = createHash('sha256').update(text).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The SBOM as JSON text. `version`: the release's version (e.g. 0.1.0-1a2b3c4); `seconds`: its time
 * (the commit's), written as the document's timestamp.
 */
export function sbom(version, seconds) {
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--locked', '--offline',
    '--filter-platform', 'wasm32-unknown-unknown'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }));
  const packages = new Map(meta.packages.map((p) => [p.id, p]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const sums = lockChecksums();
  const isProcMacro = (p) => p.targets.some((t) => t.kind.includes('proc-macro'));

  // Walk from the workspace's own crates along normal dependencies. Shipped: reached without passing
  // through a proc-macro; the rest is only needed to build.
  const scope = new Map(); // id → 'required' | 'excluded'
  const edges = new Map(); // id → Set of ids
  const walk = (id, shipped) => {
    const before = scope.get(id);
    if (before === 'required' || (before === 'excluded' && !shipped)) return;
    scope.set(id, shipped ? 'required' : 'excluded');
    const deps = new Set();
    for (const dep of nodes.get(id).deps) {
      if (!dep.dep_kinds.some((k) => k.kind === null)) continue; // dev- and build-dependencies
      deps.add(dep.pkg);
      walk(dep.pkg, shipped && !isProcMacro(packages.get(dep.pkg)));
    }
    edges.set(id, deps);
  };
  // The crates Trunk builds into the wasm: the manifests index.html's <link data-trunk rel="rust">
  // names (no href: the root Cargo.toml), so examples, tests and benchmarks are left out.
  const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const manifests = [...html.matchAll(/<link\b[^>]*\bdata-trunk\b[^>]*>/g)]
    .filter(([tag]) => /\brel="rust"/.test(tag))
    .map(([tag]) => resolve(ROOT, /\bhref="([^"]+)"/.exec(tag)?.[1] ?? 'Cargo.toml'));
  const roots = [...new Set(meta.packages.filter((p) => manifests.includes(resolve(p.manifest_path))).map((p) => p.id))];
  if (roots.length === 0) throw new Error(`sbom.mjs: no package for ${manifests.join(', ')}`);
  for (const id of roots) walk(id, true);

  const ref = (p) => `${p.name}@${p.version}`;
  const component = (p) => {
    const c = {
      type: roots.includes(p.id) ? 'application' : 'library',
      'bom-ref': ref(p),
      name: p.name,
      version: p.version,
      scope: scope.get(p.id),
      purl: `pkg:cargo/${p.name}@${p.version}`,
    };
    if (p.license) c.licenses = [{ expression: p.license }];
    const sum = sums.get(`${p.name} ${p.version}`);
    if (sum) c.hashes = [{ alg: 'SHA-256', content: sum }];
    if (p.source === null) {
      // Not from crates.io: Koppelhulp's own crates, and the vendored, patched cfb.
      const dir = relative(ROOT, dirname(p.manifest_path)) || '.';
      const value = dir.startsWith(`vendor${sep}`) ? `${dir} (vendored copy with a patch, see its PATCH.md)` : `${dir} (Koppelhulp's own source)`;
      c.properties = [{ name: 'koppelhulp:source', value }];
    }
    return c;
  };
  const byRef = (a, b) => (ref(a) < ref(b) ? -1 : 1);
  const listed = [...scope.keys()].map((id) => packages.get(id));
  // The release itself; the crates of the page and the worker are its components.
  const app = { name: 'koppelhulp', version, license: packages.get(roots[0]).license };
  const doc = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${uuidFrom(`koppelhulp ${version}`)}`,
    version: 1,
    metadata: {
      timestamp: new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      component: { type: 'application', 'bom-ref': 'koppelhulp', name: 'koppelhulp', version, licenses: [{ expression: app.license ?? 'EUPL-1.2' }] },
      properties: [{ name: 'koppelhulp:target', value: 'wasm32-unknown-unknown (the page and the background worker)' }],
    },
    components: listed.sort(byRef).map(component),
    dependencies: [
      { ref: 'koppelhulp', dependsOn: roots.map((id) => ref(packages.get(id))).sort() },
      ...listed.sort(byRef).map((p) => ({
        ref: ref(p),
        dependsOn: [...edges.get(p.id)].map((id) => ref(packages.get(id))).sort(),
      })),
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(sbom(process.argv[2] ?? 'dev', 315532800));
}
