// Movies of the view: the atoms with the overlay (scale bar, clock, legend) composited into a 2-D
// canvas at every animation frame while recording, captured as a stream and encoded by the
// browser's MediaRecorder as WebM (VP9, else VP8, else the browser's WebM default).

const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

export class MovieRecorder {
  /** `frame(canvas2d)`: draws the current view into the 2-D canvas (called per animation frame). */
  constructor(frame) {
    this.frame = frame;
    this.recorder = null;
  }

  get recording() { return this.recorder !== null; }

  /** Starts recording; throws (with a reason) where the browser cannot record a canvas. */
  start() {
    if (this.recorder) return;
    if (typeof MediaRecorder === 'undefined') throw new Error('this browser cannot record video (no MediaRecorder)');
    const type = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    if (!type) throw new Error('this browser cannot record WebM video');
    this.canvas = document.createElement('canvas');
    this.frame(this.canvas);
    const stream = this.canvas.captureStream(30);
    this.chunks = [];
    this.recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 4e6 });
    this.recorder.ondataavailable = (e) => { if (e.data.size) this.chunks.push(e.data); };
    this.recorder.start(250);
    const tick = () => {
      if (!this.recorder) return;
      this.frame(this.canvas);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** Stops and returns the movie as a Blob (WebM). */
  async stop() {
    const r = this.recorder;
    if (!r) return null;
    const done = new Promise((resolve) => { r.onstop = resolve; });
    r.stop();
    await done;
    this.recorder = null;
    return new Blob(this.chunks, { type: 'video/webm' });
  }
}
