/* soso serve - service worker: the app works offline after the first visit.
 * The app's files are cached at install; API reads are network-first with the last
 * answer as the fallback; posts are never cached (the page queues them itself). */
'use strict';
const CACHE = 'soso-v1';
const SHELL = ['/', '/index.html', '/app.js', '/app.css', '/survey.json', '/icon.svg', '/manifest.webmanifest'];
self.addEventListener('install', (e) => { e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting())); });
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((ks) => Promise.all(ks.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  const u = new URL(e.request.url);
  if (e.request.method !== 'GET' || u.origin !== location.origin) return;
  if (u.pathname.endsWith('/events') || u.pathname.startsWith('/api/facilitator/')) return;
  e.respondWith(fetch(e.request).then((r) => {
    if (r.ok) { const copy = r.clone(); caches.open(CACHE).then((c) => c.put(e.request, copy)); }
    return r;
  }).catch(() => caches.match(e.request, { ignoreSearch: u.pathname === '/' }).then((r) => r || Response.error())));
});
