// Koppelhulp's service worker: offline use after the first visit.
// scripts/precache.mjs fills in BUILD and FILES after each build. Cache-first for the app's own
// files; it never stores or sees anything else, and makes no request to another origin.
const BUILD = '__BUILD__';
const FILES = ['__FILES__'];
const CACHE = `koppelhulp-${BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })))),
  );
  // The first install takes over at once; an update waits until the user chooses to reload.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith('koppelhulp-') && n !== CACHE).map((n) => caches.delete(n)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Navigations (any URL inside the app's folder) get the app's index.html.
    const key = request.mode === 'navigate' ? './' : request;
    const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate' || url.pathname.endsWith('/boot.js') });
    if (hit) return hit;
    return fetch(request);
  })());
});
