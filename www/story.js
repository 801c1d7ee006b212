// The story of a preset, shown beside its run: the study, what it found, what to watch here (and
// in which chart or colouring), how long to run, and what the page cannot show. All text goes
// through textContent. The chart that shows the finding is highlighted and scrolled into view.

/** Fills `box` with the story of `preset` (or hides it for a run that is no preset). */
export function showStory(box, preset) {
  box.replaceChildren();
  box.hidden = !preset;
  if (!preset) return;
  const line = (label, text) => {
    if (!text) return;
    const p = document.createElement('p');
    const b = document.createElement('b');
    b.textContent = `${label} `;
    p.append(b, document.createTextNode(text));
    box.appendChild(p);
  };
  line('Study:', preset.study);
  line('Found:', preset.finding);
  line('Watch:', `${preset.watch} (run ${preset.show_after}).`);
  line('Note:', preset.caveat);
}

/** Marks the chart `key` of `charts` as the one to watch and scrolls the charts column to it
 * (the page itself does not scroll); no `key` clears the mark. */
export function highlightChart(charts, key) {
  for (const d of charts.querySelectorAll('.chart.watch')) d.classList.remove('watch');
  const div = key ? charts.querySelector(`.chart[data-key="${key}"]`) : null;
  if (!div) return;
  div.classList.add('watch');
  if (charts.scrollHeight > charts.clientHeight) {
    charts.scrollTop += div.getBoundingClientRect().top - charts.getBoundingClientRect().top - 4;
  }
}
