// The worker client: starts the simulation worker, sends requests and resolves their replies;
// frames (posted while playing) and errors go to the handlers the page registers.

export class EngineClient {
  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.nextId = 1;
    this.waiting = new Map();
    this.onFrame = () => {};
    this.onError = () => {};
    this.onEnded = () => {};
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => this.onError(`the simulation worker failed: ${e.message || 'unknown error'}`, true);
  }

  /** Sends a request; resolves with the reply's value (or the whole message for loads/steps). */
  request(msg) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Sends a message that has no reply. */
  send(msg) { this.worker.postMessage(msg); }

  receive(m) {
    const w = m.id ? this.waiting.get(m.id) : null;
    if (w) this.waiting.delete(m.id);
    switch (m.type) {
      case 'reply': w?.resolve(m.value); break;
      case 'ready': case 'loaded': w?.resolve(m); break;
      case 'frame':
        this.onFrame(m);
        if (w) w.resolve(m.state); else this.send({ type: 'ack' });
        break;
      case 'ended': this.onEnded(); break;
      case 'error':
        if (!m.id) this.onError(m.message, true);
        w?.reject(new Error(m.message));
        break;
      default: break;
    }
  }
}
