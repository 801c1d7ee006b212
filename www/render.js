// WebGL2 atom renderer: sphere impostors (one screen-aligned quad per atom, shaded as a
// sphere in the fragment shader, with correct depth), an orbit/zoom/pan camera for mouse and touch,
// and a cross-section clipping plane through the centre of the atoms.

const VS = `#version 300 es
layout(location=0) in vec2 corner;
layout(location=1) in vec3 center;
layout(location=2) in vec3 color;
layout(location=3) in float radius;
uniform mat4 view; uniform mat4 proj; uniform vec4 clip; // keep atoms with dot(n, x) <= d
out vec2 uv; out vec3 vcolor; out vec3 vcenter; out float vradius;
void main() {
  vec4 c = view * vec4(center, 1.0);
  uv = corner; vcolor = color; vcenter = c.xyz; vradius = radius;
  if (dot(clip.xyz, center) > clip.w) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); return; }
  gl_Position = proj * vec4(c.xy + corner * radius, c.z, 1.0);
}`;

const FS = `#version 300 es
precision highp float;
in vec2 uv; in vec3 vcolor; in vec3 vcenter; in float vradius;
uniform mat4 proj;
out vec4 outColor;
void main() {
  float r2 = dot(uv, uv);
  if (r2 > 1.0) discard;
  vec3 n = vec3(uv, sqrt(1.0 - r2));
  vec3 p = vcenter + n * vradius;
  vec4 clipPos = proj * vec4(p, 1.0);
  gl_FragDepth = 0.5 * (clipPos.z / clipPos.w) + 0.5;
  vec3 light = normalize(vec3(0.4, 0.6, 1.0));
  float diff = max(dot(n, light), 0.0);
  float spec = pow(max(dot(reflect(-light, n), vec3(0.0, 0.0, 1.0)), 0.0), 32.0);
  outColor = vec4(vcolor * (0.25 + 0.75 * diff) + 0.25 * spec, 1.0);
}`;

// The floor of a support: one translucent quad at y = plane, drawn after the atoms.
const FLOOR_VS = `#version 300 es
layout(location=0) in vec3 p;
uniform mat4 view; uniform mat4 proj;
void main() { gl_Position = proj * view * vec4(p, 1.0); }`;
const FLOOR_FS = `#version 300 es
precision highp float;
out vec4 outColor;
void main() { outColor = vec4(0.30, 0.34, 0.40, 0.55); }`;

/** CPK-like colours per element, RGB in [0,1]. */
// Jmol's standard colours (PAGE-DESIGN.md), so they match what users know.
const hex = (h) => [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16) / 255);
export const ELEMENT_COLORS = Object.fromEntries(Object.entries({
  Au: 'FFD123', Ag: 'C0C0C0', Cu: 'C88033', Ni: '50D050', Pd: '006985', Pt: 'D0D0E0', Co: 'F090A0',
  Fe: 'E06633', Al: 'BFA6A6', Pb: '575961', Mo: '54B5B5', W: '2194D6', Ti: 'BFC2C7', Zr: '94E0E0',
  Mg: '8AFF00', Ta: '4DA6FF',
}).map(([el, h]) => [el, hex(h)]));
/** a-CNA classes, OVITO's colours: other, FCC, HCP, BCC, ICO. */
export const CNA_COLORS = [[0.95, 0.95, 0.95], [0.4, 1.0, 0.4], [1.0, 0.4, 0.4], [0.4, 0.4, 1.0], [0.95, 0.8, 0.2]];
/** Coordination number → colour: blue (≤ 4) through green to red (12 and more). */
export function coordinationColor(c) {
  const t = Math.max(0, Math.min(1, (c - 4) / 8));
  return [Math.min(1, 2 * t), 1 - Math.abs(2 * t - 1) * 0.7, Math.min(1, 2 * (1 - t))];
}
export const PARTICLE_COLORS = [[0.9, 0.35, 0.3], [0.3, 0.55, 0.95], [0.35, 0.8, 0.4], [0.95, 0.75, 0.2], [0.7, 0.45, 0.9]];

function compile(gl, type, src) {
  const s = gl.createShader(type);
  gl.shaderSource(s, src);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
  return s;
}

/** Vertical field of view, radians. */
const FOVY = 0.7;

function perspective(fovy, aspect, near, far) {
  const f = 1 / Math.tan(fovy / 2), nf = 1 / (near - far);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0]);
}

/** Orthographic projection showing ±`half` Å vertically at any depth (`far` Å deep). */
function orthographic(half, aspect, far) {
  const w = half * aspect;
  return new Float32Array([1 / w, 0, 0, 0, 0, 1 / half, 0, 0, 0, 0, -2 / far, 0, 0, 0, -1, 1]);
}

/**
 * The share of the time a software renderer may spend drawing the atoms: a frame of cost c (from
 * its start until its fence signals) is followed by the next no sooner than c / RENDER_SHARE
 * after its start. On a two-core machine the engine's two threads and the renderer share the
 * cores: drawing 10,178 atoms at every frame it could (7–11 frames per second) held the page at
 * 110–180 steps per second, where its engine alone runs 400; at this share it runs 250–270 at
 * 3–4 frames per second (tests/web/bench.mjs). A GPU's frames are not limited. The cost runs to
 * the first animation frame that sees the fence signalled: more than the rasterising alone, about
 * what the frame costs with its compositing (taking the middle of the last span instead doubled
 * the frame rate and cost the engine a quarter of its steps).
 */
const RENDER_SHARE = 0.25;
/** Longest pause between two animation frames that still counts as drawing, ms. */
const MAX_POLL_GAP_MS = 500;

/** True if WebGL is drawn by the CPU (SwiftShader, llvmpipe, …): asked of a throwaway context. */
function softwareRenderer() {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = `${gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)}`;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}

/** Each `k`-tuple of `a` repeated at the four corners of its atom's quad (into `out` if given). */
function atCorners(a, k, out = new Float32Array(4 * a.length)) {
  for (let i = 0, o = 0; i < a.length; i += k) {
    for (let c = 0; c < 4; c++) for (let j = 0; j < k; j++) out[o++] = a[i + j];
  }
  return out;
}

export class AtomRenderer {
  constructor(canvas) {
    this.canvas = canvas;
    // Drawn by the CPU (no usable GPU): the view then takes its frames at most RENDER_SHARE of
    // the time (see ready()), and without multisampling, which halves a frame's cost there.
    this.software = softwareRenderer();
    const gl = canvas.getContext('webgl2', { antialias: !this.software, preserveDrawingBuffer: true });
    if (!gl) throw new Error('this browser has no WebGL2: the atom view cannot be drawn');
    this.gl = gl;
    this.pending = null; // a software frame's fence, until the frame is drawn
    this.nextFrameAt = 0;
    this.polledAt = -Infinity; // the last call of ready()
    this.frames = 0; // drawn so far
    const prog = gl.createProgram();
    gl.attachShader(prog, compile(gl, gl.VERTEX_SHADER, VS));
    gl.attachShader(prog, compile(gl, gl.FRAGMENT_SHADER, FS));
    gl.linkProgram(prog);
    if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(prog));
    this.prog = prog;
    this.loc = { view: gl.getUniformLocation(prog, 'view'), proj: gl.getUniformLocation(prog, 'proj'), clip: gl.getUniformLocation(prog, 'clip') };
    // One quad of four vertices per atom, two triangles by index, every attribute per vertex (the
    // atom's repeated at its four corners), not instanced: software WebGL (SwiftShader, llvmpipe:
    // what a machine without a usable GPU gets) draws instances one by one, and drew about 10,000
    // instanced atoms 2.7x slower than these quads; a GPU draws either in well under a millisecond.
    this.vao = gl.createVertexArray();
    gl.bindVertexArray(this.vao);
    const attribute = (loc, size) => {
      const buf = gl.createBuffer();
      gl.bindBuffer(gl.ARRAY_BUFFER, buf);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, size, gl.FLOAT, false, 0, 0);
      return buf;
    };
    this.cornerBuf = attribute(0, 2);
    this.posBuf = attribute(1, 3);
    this.colBuf = attribute(2, 3);
    this.radBuf = attribute(3, 1);
    this.indexBuf = gl.createBuffer();
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.indexBuf); // part of the vertex array's state
    this.quads = 0; // atoms the corner and index buffers hold
    this.posCorners = new Float32Array(0); // the positions at the corners, reused frame to frame
    this.floor = null; // { prog, vao, buf, loc } once a support is set
    this.supportY = null;
    this.n = 0;
    this.yaw = 0.6; this.pitch = 0.35; this.dist = 80; this.target = [0, 0, 0];
    this.clipOn = false; this.clipAxis = 2; this.clipOffset = 0;
    this.orthographic = false;
    this.autoRotate = false; // radians per draw when on: 0.004
    this.positions = null;
    this.uploaded = false; // this.positions are in their buffer
    this.attachControls();
  }

  /**
   * Sets the atoms' colours. mode: 'element', 'particle', or a per-atom class mode with `classes`
   * (Uint8Array): 'cna' (0 other, 1 FCC, 2 HCP, 3 BCC, 4 ICO), 'coordination' (neighbour count) or
   * 'surface' (1 = surface atom; bulk atoms are dimmed).
   */
  setAtoms(elements, species, particles, mode, classes) {
    const n = species.length;
    const col = new Float32Array(3 * n);
    const rad = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const el = ELEMENT_COLORS[elements[species[i]]] || [0.8, 0.8, 0.8];
      let c = el;
      if (mode === 'particle') c = PARTICLE_COLORS[particles[i] % PARTICLE_COLORS.length];
      else if (classes && mode === 'cna') c = CNA_COLORS[classes[i]] || CNA_COLORS[0];
      else if (classes && mode === 'coordination') c = coordinationColor(classes[i]);
      else if (classes && mode === 'surface') c = classes[i] ? el : el.map((v) => 0.25 * v);
      col.set(c, 3 * i);
      rad[i] = 1.35;
    }
    const gl = this.gl;
    this.ensureQuads(n);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colBuf);
    gl.bufferData(gl.ARRAY_BUFFER, atCorners(col, 3), gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.radBuf);
    gl.bufferData(gl.ARRAY_BUFFER, atCorners(rad, 1), gl.STATIC_DRAW);
    this.n = n;
  }

  /** The corners (−1/+1 in the quad's plane) and the two triangles of at least `n` atoms' quads
   * (grown by doubling: a growing film adds atoms at every frame). */
  ensureQuads(n) {
    if (this.quads >= n) return;
    const m = Math.max(n, 2 * this.quads);
    const corners = new Float32Array(8 * m);
    const index = new Uint32Array(6 * m);
    for (let i = 0; i < m; i++) {
      const c = 8 * i, k = 6 * i, v = 4 * i;
      corners[c] = -1; corners[c + 1] = -1; corners[c + 2] = 1; corners[c + 3] = -1;
      corners[c + 4] = -1; corners[c + 5] = 1; corners[c + 6] = 1; corners[c + 7] = 1;
      index[k] = v; index[k + 1] = v + 1; index[k + 2] = v + 2;
      index[k + 3] = v + 2; index[k + 4] = v + 1; index[k + 5] = v + 3;
    }
    const gl = this.gl;
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.cornerBuf);
    gl.bufferData(gl.ARRAY_BUFFER, corners, gl.STATIC_DRAW);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, index, gl.STATIC_DRAW);
    this.quads = m;
  }

  /** Sets the positions (Float32Array, x y z per atom), uploaded at the next draw. */
  setPositions(pos) {
    this.positions = pos;
    this.uploaded = false;
  }

  /** The positions at the quads' corners into their buffer (once per drawn frame, not per frame
   * received). */
  uploadPositions() {
    const gl = this.gl, pos = this.positions;
    if (this.posCorners.length !== 4 * pos.length) this.posCorners = new Float32Array(4 * pos.length);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuf);
    gl.bufferData(gl.ARRAY_BUFFER, atCorners(pos, 3, this.posCorners), gl.DYNAMIC_DRAW);
    this.uploaded = true;
  }

  /** A support's plane under the atoms (y, Å), drawn as a floor reaching 30 Å past the atoms; null: none. */
  setSupport(y) {
    this.supportY = y ?? null;
    if (this.supportY === null || !this.positions) return;
    const gl = this.gl;
    if (!this.floor) {
      const prog = gl.createProgram();
      gl.attachShader(prog, compile(gl, gl.VERTEX_SHADER, FLOOR_VS));
      gl.attachShader(prog, compile(gl, gl.FRAGMENT_SHADER, FLOOR_FS));
      gl.linkProgram(prog);
      if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(prog));
      const vao = gl.createVertexArray();
      gl.bindVertexArray(vao);
      const buf = gl.createBuffer();
      gl.bindBuffer(gl.ARRAY_BUFFER, buf);
      gl.enableVertexAttribArray(0);
      gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0);
      gl.bindVertexArray(this.vao);
      this.floor = { prog, vao, buf, loc: { view: gl.getUniformLocation(prog, 'view'), proj: gl.getUniformLocation(prog, 'proj') } };
    }
    const p = this.positions;
    const lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
    for (let i = 0; i < p.length; i += 3) {
      lo[0] = Math.min(lo[0], p[i]); hi[0] = Math.max(hi[0], p[i]);
      lo[1] = Math.min(lo[1], p[i + 2]); hi[1] = Math.max(hi[1], p[i + 2]);
    }
    const [x0, x1, z0, z1] = [lo[0] - 30, hi[0] + 30, lo[1] - 30, hi[1] + 30];
    const h = this.supportY;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.floor.buf);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([x0, h, z0, x1, h, z0, x0, h, z1, x1, h, z1]), gl.STATIC_DRAW);
  }

  /** Centres the camera on the atoms and fits them in view. */
  frameAtoms() {
    const p = this.positions;
    if (!p || p.length === 0) return;
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < p.length; i += 3) for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], p[i + k]); hi[k] = Math.max(hi[k], p[i + k]); }
    this.target = [0, 1, 2].map((k) => 0.5 * (lo[k] + hi[k]));
    // The bounding sphere (with an atom's radius), fitted to the narrower field of view at the
    // next draw, when the canvas' aspect is known: nothing is cut off from any direction.
    this.fitRadius = 0.5 * Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) + 1.6;
    this.dist = 3 * this.fitRadius;
  }

  /** The default orbit angles, and the atoms fitted in view. */
  resetCamera() {
    this.yaw = 0.6;
    this.pitch = 0.35;
    this.frameAtoms();
  }

  /**
   * Ångström per device pixel at the depth of the orbit centre (in both projections: the
   * orthographic one shows the same height there).
   */
  angstromPerPixel() {
    return (2 * this.dist * Math.tan(FOVY / 2)) / Math.max(1, this.canvas.height);
  }

  /** The camera distance that shows a sphere of radius `r` whole at this aspect (width/height). */
  static fitDistance(r, aspect) {
    const half = Math.min(FOVY / 2, Math.atan(Math.tan(FOVY / 2) * aspect));
    return r / Math.sin(half);
  }

  viewMatrix() {
    const cy = Math.cos(this.yaw), sy = Math.sin(this.yaw), cp = Math.cos(this.pitch), sp = Math.sin(this.pitch);
    const eye = [this.target[0] + this.dist * cp * sy, this.target[1] + this.dist * sp, this.target[2] + this.dist * cp * cy];
    const f = [this.target[0] - eye[0], this.target[1] - eye[1], this.target[2] - eye[2]].map((v) => v / this.dist);
    let s = [f[1] * 0 - f[2] * 1, f[2] * 0 - f[0] * 0, f[0] * 1 - f[1] * 0];
    const sl = Math.hypot(...s) || 1;
    s = s.map((v) => v / sl);
    const u = [s[1] * f[2] - s[2] * f[1], s[2] * f[0] - s[0] * f[2], s[0] * f[1] - s[1] * f[0]];
    const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    return new Float32Array([s[0], u[0], -f[0], 0, s[1], u[1], -f[1], 0, s[2], u[2], -f[2], 0, -dot(s, eye), -dot(u, eye), dot(f, eye), 1]);
  }

  /**
   * Whether to draw now: false while a software renderer's frame would come too soon (see
   * RENDER_SHARE) and `limit` is set (the engine is running; an idle engine needs no share).
   * Called at every animation frame: it also notes when the last frame's drawing ended.
   */
  ready(now, limit) {
    // A gap between animation frames (a hidden tab, an embedding iframe scrolled away, the
    // drawing switched off) is no drawing cost: a frame that ends across one is not measured.
    const gap = now - this.polledAt > MAX_POLL_GAP_MS;
    this.polledAt = now;
    if (this.pending) {
      const gl = this.gl;
      if (gap || gl.getSyncParameter(this.pending.fence, gl.SYNC_STATUS) === gl.SIGNALED) {
        gl.deleteSync(this.pending.fence);
        this.nextFrameAt = gap ? now : this.pending.at + (now - this.pending.at) / RENDER_SHARE;
        this.pending = null;
      } else if (limit) {
        return false;
      }
    }
    return !limit || now >= this.nextFrameAt;
  }

  /** Draws the atoms (and a support's floor). */
  draw() {
    this.drawScene();
    this.frames++;
    if (this.software && !this.pending) {
      const gl = this.gl;
      this.pending = { fence: gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0), at: performance.now() };
      gl.flush();
    }
  }

  drawScene() {
    const gl = this.gl, c = this.canvas;
    const w = c.clientWidth * devicePixelRatio | 0, h = c.clientHeight * devicePixelRatio | 0;
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    gl.viewport(0, 0, c.width, c.height);
    gl.clearColor(0.07, 0.08, 0.1, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.enable(gl.DEPTH_TEST);
    if (!this.n || !this.positions) return;
    if (this.autoRotate) this.yaw += 0.004;
    if (this.fitRadius) {
      this.dist = AtomRenderer.fitDistance(this.fitRadius, c.width / Math.max(1, c.height));
      this.fitRadius = 0;
    }
    gl.useProgram(this.prog);
    gl.uniformMatrix4fv(this.loc.view, false, this.viewMatrix());
    const aspect = c.width / Math.max(1, c.height);
    gl.uniformMatrix4fv(this.loc.proj, false, this.orthographic
      ? orthographic(this.dist * Math.tan(FOVY / 2), aspect, 10 * this.dist + 100)
      : perspective(FOVY, aspect, 0.5, 10 * this.dist + 100));
    const n = [0, 0, 0];
    n[this.clipAxis] = 1;
    const d = this.clipOn ? this.target[this.clipAxis] + this.clipOffset : 1e30;
    gl.uniform4f(this.loc.clip, n[0], n[1], n[2], d);
    gl.bindVertexArray(this.vao);
    if (!this.uploaded) this.uploadPositions();
    if (12 * this.n > this.posCorners.length) return; // atoms set, positions not yet (setAtoms made their quads)
    gl.drawElements(gl.TRIANGLES, 6 * this.n, gl.UNSIGNED_INT, 0);
    if (this.floor && this.supportY !== null) {
      const f = this.floor;
      gl.useProgram(f.prog);
      gl.uniformMatrix4fv(f.loc.view, false, this.viewMatrix());
      gl.uniformMatrix4fv(f.loc.proj, false, this.orthographic
        ? orthographic(this.dist * Math.tan(FOVY / 2), aspect, 10 * this.dist + 100)
        : perspective(FOVY, aspect, 0.5, 10 * this.dist + 100));
      gl.enable(gl.BLEND);
      gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ZERO, gl.ONE); // the canvas stays opaque
      gl.bindVertexArray(f.vao);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      gl.disable(gl.BLEND);
      gl.bindVertexArray(this.vao);
    }
  }

  attachControls() {
    const c = this.canvas;
    let last = null, mode = 'rotate';
    const pointers = new Map();
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    c.addEventListener('pointerdown', (e) => {
      c.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
      mode = e.button === 2 || e.shiftKey ? 'pan' : 'rotate';
      last = [e.clientX, e.clientY];
    });
    c.addEventListener('pointermove', (e) => {
      if (!pointers.has(e.pointerId)) return;
      const prev = pointers.get(e.pointerId);
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const other = [...pointers.entries()].find(([id]) => id !== e.pointerId)[1];
        const before = Math.hypot(prev[0] - other[0], prev[1] - other[1]);
        const now = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (before > 0) this.dist *= before / now;
        return;
      }
      const dx = e.clientX - last[0], dy = e.clientY - last[1];
      last = [e.clientX, e.clientY];
      if (mode === 'rotate') {
        this.yaw -= dx * 0.01;
        this.pitch = Math.max(-1.5, Math.min(1.5, this.pitch + dy * 0.01));
      } else {
        const k = this.dist * 0.0015;
        const cy = Math.cos(this.yaw), sy = Math.sin(this.yaw);
        this.target[0] -= k * dx * cy;
        this.target[2] += k * dx * sy;
        this.target[1] += k * dy;
      }
    });
    const up = (e) => pointers.delete(e.pointerId);
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    c.addEventListener('wheel', (e) => { e.preventDefault(); this.dist *= Math.exp(e.deltaY * 0.001); }, { passive: false });
  }

  /** PNG data URL of the current view. */
  screenshot() {
    this.draw();
    return this.canvas.toDataURL('image/png');
  }
}
