// A small static server for dist/, with the HTTP headers a real deployment should send (README,
// "Deploy"). Used by scripts/serve and by the browser tests (which import `serve`).
// Listens on 127.0.0.1 only.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The CSP of dist/index.html's meta tag, sent as a header too (plus what only a header can say). */
export async function cspOf(dir) {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const m = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
  if (!m) throw new Error('index.html has no Content-Security-Policy meta tag');
  return `${m[1]}; frame-ancestors 'none'`;
}

/**
 * Serve `dir` under `prefix` ('/' or '/apps/koppelhulp/') on 127.0.0.1:`port` (0 = any free port).
 * `dir` may be changed later through the returned object (a new deploy).
 */
export async function serve({ dir, prefix = '/', port = 0 }) {
  const state = { dir: resolve(dir), csp: await cspOf(dir) };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === prefix.replace(/\/$/, '') && prefix !== '/') {
      res.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Niet gevonden');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(state.dir, rel));
    if (!file.startsWith(state.dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      const name = rel.split('/').pop();
      const noCache = name === 'index.html' || name === 'sw.js' || name === 'boot.js' || name === 'worker.js';
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': state.csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': noCache ? 'no-cache' : 'public, max-age=31536000, immutable',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Niet gevonden');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    async setDir(newDir) {
      state.dir = resolve(newDir);
      state.csp = await cspOf(newDir);
    },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

// Command line: node scripts/static-server.mjs [dir] [port]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const { url } = await serve({ dir, port });
  console.log(`Koppelhulp draait op ${url}  (stoppen: Ctrl+C)`);
}
