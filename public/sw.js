// Koppelhulp's service worker: offline use after the first visit — and only the app's own files.
//
// scripts/precache.mjs (a Trunk hook) writes in BUILD and FILES after each build: FILES maps every
// file of the release (relative to this worker's folder; './' is index.html) to the SHA-256 of its
// bytes. The Cache Storage of a host is open to every page of that host (another application on the
// same intranet server can write into it), so a cached file is served only when its bytes still have
// the hash this worker was built with. Otherwise it is fetched again from the server (and checked
// again); when the server cannot be reached, the answer is a short Dutch message, never the cached
// bytes. The worker makes no request to another origin and never stores anything but these files.
//
// Its caches are named after its own scope (koppelhulp-<hash of the scope>-<build>), and on activate
// it deletes only older caches of that same scope: a test copy and a production copy of Koppelhulp on
// one host leave each other alone.
const BUILD = '__BUILD__';
const FILES = { '__FILES__': '' };

const SCOPE = self.registration.scope;
/** The absolute URL (without query) of each file of the release, and its SHA-256 in hex. */
const EXPECTED = new Map(Object.entries(FILES).map(([file, sha]) => [new URL(file, SCOPE).href, sha]));
const INDEX = new URL('./', SCOPE).href;

async function sha256(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 'koppelhulp-<first 16 hex digits of the scope's SHA-256>-': the prefix of this scope's caches. */
const PREFIX = sha256(new TextEncoder().encode(SCOPE)).then((h) => `koppelhulp-${h.slice(0, 16)}-`);
const CACHE = PREFIX.then((p) => p + BUILD);

/**
 * Fetch `url` from the server (past the HTTP cache) and check it. Resolves to
 * { response, body, ok } — ok when the status is 200 and the bytes have the expected hash.
 */
async function fetchChecked(url) {
  const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin', redirect: 'follow' }));
  const body = await response.clone().arrayBuffer();
  const ok = response.ok && response.status === 200 && (await sha256(body)) === EXPECTED.get(url);
  return { response, body, ok };
}

self.addEventListener('install', (event) => {
  // Every file, checked: a half-deployed release (old and new files mixed) is never installed; the
  // browser tries again on a later visit.
  event.waitUntil((async () => {
    const cache = await caches.open(await CACHE);
    for (const url of EXPECTED.keys()) {
      const { response, ok } = await fetchChecked(url);
      if (!ok) throw new Error(`Koppelhulp: ${url} heeft niet de inhoud van deze versie (status ${response.status})`);
      await cache.put(url, response);
    }
  })());
  // The first install takes over at once; an update waits until the user chooses to reload.
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const [prefix, current] = [await PREFIX, await CACHE];
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(prefix) && n !== current).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** The answer when a file of the app was changed in the browser's storage and the server is out of reach. */
function refused(navigation) {
  if (!navigation) {
    return new Response('Koppelhulp: dit bestand is in de opslag van de browser veranderd en de server is niet bereikbaar.', {
      status: 503, statusText: 'Bestand veranderd', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const page = `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Koppelhulp kan niet starten</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{color:#154273}</style>
</head><body><main>
<h1>Koppelhulp kan niet starten</h1>
<p>De bestanden van Koppelhulp die deze browser had bewaard voor offline gebruik, zijn veranderd. Dat heeft
Koppelhulp niet zelf gedaan: mogelijk heeft een ander programma op dezelfde webserver ze aangepast.
Daarom start Koppelhulp ze niet.</p>
<p>De server van Koppelhulp is nu niet bereikbaar, dus de juiste bestanden kunnen niet opnieuw worden opgehaald.
Open Koppelhulp opnieuw zodra u weer verbinding hebt met het netwerk van uw organisatie.</p>
<p>Meld dit bij de afdeling ICT. Zij kunnen Koppelhulp een eigen webadres (hostnaam) geven, zodat andere
programma's er niet bij kunnen.</p>
</main></body></html>`;
  return new Response(page, { status: 503, statusText: 'Bestand veranderd', headers: HTML_HEADERS });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const navigation = request.mode === 'navigate';
  // Navigations (any URL inside the app's folder) get the app's index.html; files by their URL
  // without the query (boot.js carries the hashed names in its query).
  const key = navigation ? INDEX : url.origin + url.pathname;
  if (!EXPECTED.has(key)) return; // not a file of this release: the browser asks the server itself
  event.respondWith((async () => {
    const cache = await caches.open(await CACHE);
    const hit = await cache.match(key);
    if (hit && hit.status === 200 && (await sha256(await hit.clone().arrayBuffer())) === EXPECTED.get(key)) return hit;
    // Missing, or changed by someone else: never serve it. Ask the server again.
    if (hit) await cache.delete(key);
    let fetched;
    try {
      fetched = await fetchChecked(key);
    } catch {
      return refused(navigation);
    }
    if (fetched.ok) {
      await cache.put(key, fetched.response.clone());
      return fetched.response;
    }
    // The server itself sends something else: a new release has been deployed (or an error page).
    // That is what the browser would get without this worker; keep it out of the cache, and look for
    // the new release's worker.
    self.registration.update().catch(() => {});
    return fetched.response;
  })());
});
