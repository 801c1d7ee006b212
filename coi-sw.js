// Service worker for static hosts that cannot send headers (e.g. GitHub Pages): it re-serves every
// same-origin response with Cross-Origin-Opener-Policy / Cross-Origin-Embedder-Policy, which makes
// the page cross-origin isolated, so the threaded engine can run. Registered by www/coi.js only in
// the dist/ build (the dev server sends the headers itself).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.cache === 'only-if-cached' && req.mode !== 'same-origin') return;
  e.respondWith(fetch(req).then((res) => {
    if (res.status === 0 || new URL(req.url).origin !== self.location.origin) return res;
    const headers = new Headers(res.headers);
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }));
});
