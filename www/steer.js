// Live steering (MD): a new target temperature (a jump, or a ramp over N steps from the current
// target) and the thermostat, changed while the run goes. The engine keeps each change as an
// event of the scenario at the step it was made, so the share link replays the steered run.
const $ = (id) => document.getElementById(id);

export class Steering {
  /**
   * `request`: the worker client's request; `changed({link, scenario, state})`: called after a
   * change the engine accepted; `fail(error)`: shows a refused change.
   */
  constructor(catalog, request, changed, fail) {
    this.request = request;
    this.changed = changed;
    this.fail = fail;
    this.root = $('steer');
    const sel = $('steer-thermo');
    for (const t of catalog.thermostats) {
      const o = document.createElement('option');
      o.value = t.value;
      o.textContent = t.label;
      sel.appendChild(o);
    }
    $('steer-range').addEventListener('input', () => { $('steer-t').value = $('steer-range').value; });
    $('steer-t').addEventListener('input', () => { $('steer-range').value = $('steer-t').value; });
    $('steer-set').addEventListener('click', () => this.setTemperature().catch(fail));
    $('steer-t').addEventListener('keydown', (e) => { if (e.key === 'Enter') this.setTemperature().catch(fail); });
    sel.addEventListener('change', () => this.steer({ kind: 'thermostat', thermostat: sel.value }).catch(fail));
  }

  /** Shows the controls for an MD run (hidden for kMC), set to the run's current state. */
  load(mode, state) {
    this.root.hidden = mode !== 'md';
    if (mode === 'md') this.show(state, true);
  }

  /** The read-out of the target and thermostat in force; `reset` also sets the inputs. */
  show(s, reset = false) {
    if (!s || s.target_temperature === undefined) return;
    if (reset || document.activeElement?.closest?.('#steer') == null) {
      if (reset) {
        $('steer-t').value = Math.round(s.target_temperature);
        $('steer-range').value = Math.round(s.target_temperature);
      }
      if ($('steer-thermo').value !== s.thermostat) $('steer-thermo').value = s.thermostat;
    }
    const text = `target ${s.target_temperature.toFixed(0)} K · ${s.thermostat === 'none' ? 'NVE' : s.thermostat}`;
    if ($('steer-now').textContent !== text) $('steer-now').textContent = text;
  }

  /** Sets the target from the inputs: a jump, or a ramp over the given steps. */
  async setTemperature() {
    const t = Number($('steer-t').value);
    const over = Math.round(Number($('steer-over').value) || 0);
    return this.steer(over > 0 ? { kind: 'ramp', temperature_K: t, steps: over } : { kind: 'temperature', temperature_K: t });
  }

  /** Sends one change; the engine refuses an invalid one with a message (the run goes on). */
  async steer(change) {
    const r = await this.request({ type: 'steer', change });
    this.changed(r);
    this.show(r.state);
    return r;
  }
}
