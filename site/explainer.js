// The explainer: a 4x4 map pooled 2x2 with stride 2, whose output cells show
// their window and the arithmetic for max and for average.

const N = 4;
const K = 2;

function randomGrid() {
  return Float32Array.from({ length: N * N }, () => Math.floor(Math.random() * 10));
}

// The four corner-to-corner windows as input indices, in output order.
function windowOf(o) {
  const oy = Math.floor(o / 2), ox = o % 2;
  const cells = [];
  for (let y = 0; y < K; y++) for (let x = 0; x < K; x++) cells.push((oy * K + y) * N + ox * K + x);
  return cells;
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}

/**
 * Sets up the explainer. pool(tensor, opts) is the engine's poolTensor; the
 * outputs shown are what it returns, the arithmetic is spelled out beside.
 */
export function setupExplainer({ root, poolTensor, initial }) {
  const inEl = root.querySelector("#ex-in");
  const maxEl = root.querySelector("#ex-max");
  const avgEl = root.querySelector("#ex-avg");
  const mathEl = root.querySelector("#ex-math");
  let grid = initial ? Float32Array.from(initial) : randomGrid();
  let outs = { max: null, avg: null };
  let active = null;

  inEl.replaceChildren(...Array.from({ length: N * N }, (_, i) => {
    const d = document.createElement("span");
    d.className = `win${windowIndexOfInput(i)}`;
    d.dataset.i = i;
    return d;
  }));

  function windowIndexOfInput(i) {
    const y = Math.floor(i / N), x = i % N;
    return Math.floor(y / K) * 2 + Math.floor(x / K);
  }

  function outCells(el, op) {
    el.replaceChildren(...Array.from({ length: 4 }, (_, o) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = `win${o}`;
      b.dataset.o = o;
      b.dataset.op = op;
      const show = () => highlight(op, o);
      b.addEventListener("mouseenter", show);
      b.addEventListener("focus", show);
      b.addEventListener("click", show);
      return b;
    }));
  }
  outCells(maxEl, "max");
  outCells(avgEl, "avg");
  root.querySelector(".explainer").addEventListener("mouseleave", () => {
    if (!root.contains(document.activeElement) || document.activeElement.dataset.o === undefined) highlight(null);
  });

  function highlight(op, o) {
    active = op ? { op, o } : null;
    for (const el of root.querySelectorAll(".lit, .winner")) el.classList.remove("lit", "winner");
    if (!op || !outs.max) {
      mathEl.textContent = "Hover or focus an output cell.";
      return;
    }
    const cells = windowOf(o);
    const values = cells.map((i) => grid[i]);
    for (const i of cells) inEl.children[i].classList.add("lit");
    root.querySelector(`.cells.out button[data-op="${op}"][data-o="${o}"]`).classList.add("lit");
    const row = Math.floor(o / 2), col = o % 2;
    const list = values.map(fmt).join(", ");
    const m = outs.max[o], a = outs.avg[o];
    if (op === "max") {
      for (const i of cells) if (grid[i] === m) inEl.children[i].classList.add("winner");
    }
    mathEl.textContent =
      `output (row ${row}, column ${col}) reads input rows ${row * K}–${row * K + K - 1}, columns ${col * K}–${col * K + K - 1}\n` +
      `max(${list}) = ${fmt(m)}\n` +
      `avg: (${values.map(fmt).join(" + ")}) / ${values.length} = ${fmt(values.reduce((s, v) => s + v, 0))} / ${values.length} = ${fmt(a)}`;
    mathEl.dataset.op = op;
    mathEl.dataset.o = o;
  }

  async function render() {
    grid.forEach((v, i) => { inEl.children[i].textContent = fmt(v); });
    const t = { data: grid, shape: [N, N] };
    const [mx, av] = await Promise.all([
      poolTensor(t, { op: "max", kernel: K, stride: K }),
      poolTensor(t, { op: "avg", kernel: K, stride: K }),
    ]);
    outs = { max: Array.from(mx.data), avg: Array.from(av.data) };
    outs.max.forEach((v, o) => { maxEl.children[o].textContent = fmt(v); maxEl.children[o].setAttribute("aria-label", `max output ${o + 1}: ${fmt(v)}`); });
    outs.avg.forEach((v, o) => { avgEl.children[o].textContent = fmt(v); avgEl.children[o].setAttribute("aria-label", `avg output ${o + 1}: ${fmt(v)}`); });
    if (active) highlight(active.op, active.o);
  }

  root.querySelector("#ex-shuffle").addEventListener("click", () => {
    grid = randomGrid();
    render().catch((e) => { mathEl.textContent = String(e.message || e); });
  });

  return { render, grid: () => Array.from(grid) };
}
