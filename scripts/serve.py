"""Static server for the page: sends Cross-Origin-Opener-Policy / Cross-Origin-Embedder-Policy
(so the page is cross-origin isolated and runs threaded), a strict Content-Security-Policy, and
application/wasm. Usage: python3 scripts/serve.py ROOT PORT [--no-isolation]"""

import functools
import http.server
import sys

ROOT, PORT = sys.argv[1], int(sys.argv[2])
ISOLATE = "--no-isolation" not in sys.argv


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

    def end_headers(self):
        if ISOLATE:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


print(f"serving {ROOT} on http://127.0.0.1:{PORT}/ ({'cross-origin isolated' if ISOLATE else 'not isolated'})", flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", PORT), functools.partial(Handler, directory=ROOT)).serve_forever()
