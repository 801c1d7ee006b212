// dist/ only: when the host did not make the page cross-origin isolated, register coi-sw.js (which
// adds the headers) and reload once; `?coi=0` turns this off. Not used when embedded in a frame
// (the host page decides isolation there).
if (!self.crossOriginIsolated && 'serviceWorker' in navigator && window.top === window
    && new URLSearchParams(location.search).get('coi') !== '0') {
  navigator.serviceWorker.register(new URL('../coi-sw.js', import.meta.url)).then((reg) => {
    if (!sessionStorage.getItem('coi-reloaded') && (reg.active || reg.installing)) {
      sessionStorage.setItem('coi-reloaded', '1');
      navigator.serviceWorker.ready.then(() => location.reload());
    }
  }).catch(() => { /* stays single-threaded */ });
}
