// Charts of report/index.html (Chart.js, loaded before this script as assets/chart.umd.min.js).
// The data is the results.json embedded in the page.
(() => {
  const results = JSON.parse(document.getElementById('results').textContent);
  const ok = results.runs.filter((r) => r.latencyMs && r.accuracy);
  const unique = (xs) => [...new Set(xs)];
  const browsers = unique(results.runs.map((r) => r.browser));
  const models = unique(results.runs.map((r) => r.model));
  const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const series = unique(ok.map((r) => `${r.runtime} t${r.threads}`));
  const color = (label) => COLORS[series.indexOf(label) % COLORS.length];
  const grid = document.getElementById('charts');

  function chart(title, config, note) {
    const box = document.createElement('div');
    box.className = 'chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('aria-label', title);
    box.appendChild(canvas);
    grid.appendChild(box);
    config.options = {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { title: { display: true, text: title }, subtitle: { display: Boolean(note), text: note ?? '' } },
      ...config.options,
    };
    return new Chart(canvas, config);
  }

  const logAxis = (text) => ({ type: 'logarithmic', title: { display: true, text } });
  const find = (model, browser, label, batch) =>
    ok.find((r) => r.model === model && r.browser === browser && `${r.runtime} t${r.threads}` === label && r.batch === batch);

  for (const model of models) {
    const batches = unique(ok.filter((r) => r.model === model).map((r) => r.batch)).sort((a, b) => a - b);
    for (const batch of batches) {
      const labels = series.filter((s) => browsers.some((b) => find(model, b, s, batch)));
      if (!labels.length) continue;
      chart(`${model}: latency per ${batch === 1 ? 'inference' : `batch of ${batch}`} (median, ms)`, {
        type: 'bar',
        data: { labels: browsers, datasets: labels.map((s) => ({
          label: s, backgroundColor: color(s),
          data: browsers.map((b) => find(model, b, s, batch)?.latencyMs.median ?? null),
        })) },
        options: { scales: { y: logAxis('ms (log scale)') } },
      }, 'p10 and p90: see the tables');
    }
  }

  // Memory: process-tree PSS (the study's "System Memory") and the wasm heap, batch 1.
  for (const model of models) {
    const labels = series.filter((s) => browsers.some((b) => find(model, b, s, 1)));
    if (!labels.length) continue;
    chart(`${model}: system memory (peak PSS of the browser's process tree, MiB)`, {
      type: 'bar',
      data: { labels: browsers, datasets: labels.map((s) => ({
        label: s, backgroundColor: color(s),
        data: browsers.map((b) => { const r = find(model, b, s, 1); return r ? r.memory.processTreePssBytes / 2 ** 20 : null; }),
      })) },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'MiB' } } } },
    });
    chart(`${model}: wasm heap (MiB)`, {
      type: 'bar',
      data: { labels: browsers, datasets: labels.map((s) => ({
        label: s, backgroundColor: color(s),
        data: browsers.map((b) => { const r = find(model, b, s, 1); return r?.memory.wasmHeapBytes != null ? r.memory.wasmHeapBytes / 2 ** 20 : null; }),
      })) },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'MiB' } } } },
    }, 'TF.js WebGL keeps its tensors in GPU textures: no wasm heap');
  }

  // Error distributions: per-sample max |output - PC reference|, batch 1, first browser measured.
  for (const model of models) {
    const runs = series.map((s) => browsers.map((b) => find(model, b, s, 1)).find(Boolean)).filter(Boolean);
    if (!runs.length) continue;
    chart(`${model}: error vs the PC reference (samples per bin of max |error|)`, {
      type: 'bar',
      data: { labels: runs[0].errorHistogram.labels, datasets: runs.map((r) => ({
        label: `${r.runtime} t${r.threads} (${r.browser})`, backgroundColor: color(`${r.runtime} t${r.threads}`), data: r.errorHistogram.counts,
      })) },
      options: { scales: { x: { title: { display: true, text: 'max |error| of a sample' } }, y: { beginAtZero: true, title: { display: true, text: 'samples' } } } },
    });
  }

  // Load time, cold and warm cache, 1 thread.
  const loadRuns = ok.filter((r) => r.batch === 1 && r.threads === 1);
  if (loadRuns.length) {
    const labels = unique(loadRuns.map((r) => `${r.model} ${r.browser}`));
    const runtimes = unique(loadRuns.map((r) => r.runtime));
    chart('load time until the first output (ms): cold | warm cache', {
      type: 'bar',
      data: { labels, datasets: runtimes.flatMap((rt) => ['cold', 'warm'].map((kind) => ({
        label: `${rt} ${kind}`, backgroundColor: color(`${rt} t1`) + (kind === 'warm' ? '88' : ''),
        data: labels.map((l) => { const r = loadRuns.find((x) => `${x.model} ${x.browser}` === l && x.runtime === rt); return r ? (kind === 'cold' ? r.loadMs : r.loadWarmMs) : null; }),
      }))) },
      options: { scales: { y: logAxis('ms (log scale)') } },
    });
  }
  // What a test (or a curious person in the console) can ask the page.
  const drawn = (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  };
  window.benchReport = {
    ready: Promise.resolve(true),
    summary: () => {
      const canvases = [...document.querySelectorAll('#charts canvas')];
      return {
        title: document.querySelector('h1').textContent,
        tables: document.querySelectorAll('table').length,
        studyTableHeads: [...document.querySelectorAll('h2')].map((h) => h.textContent),
        canvases: canvases.length,
        charts: canvases.filter((c) => Chart.getChart(c)).length,
        drawn: canvases.filter(drawn).length,
      };
    },
  };
})();
