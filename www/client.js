// The worker client: starts the simulation worker, sends requests and resolves their replies;
// frames (posted while playing) and errors go to the handlers the page registers.
//
// The watchdog: while the page waits for the worker (a request without its reply, or a run that
// is playing, which posts a frame at least every few tenths of a second), a silence longer than
// STALL_MS is reported through onStall(seconds); the next message from the worker reports
// onRecover(). restart() terminates a worker that does not answer and starts a fresh one.

/** Silence from a busy worker after which the page says so, ms. */
export const STALL_MS = 4000;
/** Longest a received frame waits for the page to draw it before it is acknowledged anyway, ms. */
export const ACK_LATEST_MS = 500;

export class EngineClient {
  constructor() {
    this.onFrame = () => {};
    this.onError = () => {};
    this.onEnded = () => {};
    this.onStall = () => {};
    this.onRecover = () => {};
    this.nextId = 1;
    this.start();
    setInterval(() => this.watch(), 500);
  }

  /** A fresh worker, nothing waiting. */
  start() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.waiting = new Map();
    this.playing = false;
    this.lastHeard = performance.now();
    this.stalled = false;
    this.unacked = 0; // frames received, not yet acknowledged (see ackFrames)
    this.unackedSince = 0;
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => this.onError(`the simulation worker failed: ${e.message || 'unknown error'}`, true);
  }

  /** Terminates the worker (whatever it is doing) and starts a fresh one; every pending
   * request is rejected with `reason`. The caller initialises and loads it again. */
  restart(reason) {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error(reason));
    this.start();
  }

  /** Tells the worker that the frames received so far are shown: it posts no more than two
   * frames ahead of the page's drawing (and no faster than the page draws). */
  ackFrames() {
    if (!this.unacked) return;
    this.worker.postMessage({ type: 'ack', frames: this.unacked });
    this.unacked = 0;
  }

  /** True while a reply or a frame is due. */
  busy() { return this.waiting.size > 0 || this.playing; }

  watch() {
    // Frames not drawn for a while (the page scrolled out of view in an embedding iframe, where
    // the browser stops animation frames): acknowledged anyway, so the run's data keeps coming.
    if (this.unacked && performance.now() - this.unackedSince > ACK_LATEST_MS) this.ackFrames();
    const quiet = performance.now() - this.lastHeard;
    if (this.busy() && !this.stalled && quiet > STALL_MS) {
      this.stalled = true;
      this.onStall(quiet / 1000);
    }
  }

  /** Sends a request; resolves with the reply's value (or the whole message for loads/steps). */
  request(msg) {
    const id = this.nextId++;
    if (!this.busy()) this.lastHeard = performance.now(); // the silence counts from now
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Sends a message that has no reply. */
  send(msg) {
    if (msg.type === 'play') { if (!this.busy()) this.lastHeard = performance.now(); this.playing = true; }
    if (msg.type === 'pause') this.playing = false;
    this.worker.postMessage(msg);
  }

  receive(m) {
    this.lastHeard = performance.now();
    if (this.stalled) { this.stalled = false; this.onRecover(); }
    const w = m.id ? this.waiting.get(m.id) : null;
    if (w) this.waiting.delete(m.id);
    switch (m.type) {
      case 'reply': w?.resolve(m.value); break;
      case 'ready': case 'loaded': w?.resolve(m); break;
      case 'frame':
        if (!w) {
          // Counted first, so that a handler that throws cannot keep a frame in flight for ever.
          if (!this.unacked) this.unackedSince = performance.now();
          this.unacked++;
        }
        this.onFrame(m);
        if (w) w.resolve(m.state);
        else if (document.hidden) this.ackFrames(); // no frame is drawn in a hidden page
        break;
      case 'ended': this.playing = false; this.onEnded(); break;
      case 'error':
        if (!m.id) { this.playing = false; this.onError(m.message, true); }
        w?.reject(new Error(m.message));
        break;
      default: break;
    }
  }
}
