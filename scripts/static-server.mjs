// A small static server for dist/, with the HTTP headers a real deployment should send: exactly those
// of the one list, deploy/headers.mjs. Used by scripts/serve and by the browser tests (which import
// `serve`).
// Listens on 127.0.0.1 only.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { headersFor } from '../deploy/headers.mjs';
import { join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Serve `dir` under `prefix` ('/' or '/apps/koppelhulp/') on 127.0.0.1:`port` (0 = any free port).
 * `dir` may be changed later through the returned object (a new deploy).
 */
export async function serve({ dir, prefix = '/', port = 0 }) {
  const state = { dir: resolve(dir) };
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
      // The folder's own URL ('' or ending in '/') is answered with index.html.
      const asked = decodeURIComponent(url.pathname.slice(prefix.length));
      res.writeHead(200, Object.fromEntries(headersFor(asked)));
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
