// The lab's picture input: the sample buttons, a file, a drop anywhere on
// the page and a paste. Each picture is decoded here and handed to the lab
// with onPicture; failures are shown by the picture panel.

import { decodePicture } from "./pixels.js";

const $ = (sel) => document.querySelector(sel);

/** The bundled sample pictures. */
export const SAMPLES = [
  { id: "astronaut", label: "astro", file: "samples/astronaut.png" },
  { id: "chelsea", label: "cat", file: "samples/chelsea.png" },
  { id: "coffee", label: "coffee", file: "samples/coffee.png" },
  { id: "checkerboard", label: "checker", file: "samples/checkerboard.png" },
  { id: "disc", label: "disc", file: "samples/disc.png" },
];
export const DEFAULT_SAMPLE = "astronaut";

/**
 * Listens for pictures from a file, a drop and a paste, and returns
 * { buildSamples, loadSample }. onPicture({ data, width, height, name,
 * sample? }) receives each decoded picture.
 */
export function setupInput({ onPicture }) {
  function buildSamples() {
    $("#samples").replaceChildren(...SAMPLES.map((s) => {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.sample = s.id;
      b.setAttribute("aria-pressed", "false");
      const img = document.createElement("img");
      img.src = s.file;
      img.alt = "";
      img.width = img.height = 44;
      const t = document.createElement("span");
      t.textContent = s.label;
      b.append(img, t);
      b.addEventListener("click", () => loadSample(s.id));
      return b;
    }));
  }

  async function loadSample(id) {
    const s = SAMPLES.find((x) => x.id === id);
    try {
      const res = await fetch(s.file);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await setInput(await res.blob(), `${s.id}.png`, s.id);
    } catch (e) {
      inputError(`Cannot load the sample ${s.label}: ${e.message}`);
    }
  }

  async function setInput(blob, name, sample) {
    $("#input-status").textContent = `Reading ${name}…`;
    let img;
    try {
      img = await decodePicture(blob);
    } catch (e) {
      inputError(`${name}: ${e.message}`);
      return;
    }
    for (const b of document.querySelectorAll("#samples button")) b.setAttribute("aria-pressed", String(b.dataset.sample === sample));
    $("#err-input").hidden = true;
    $("#input-status").textContent = `${name}: ${img.width}×${img.height}${img.note ? ` (${img.note})` : ""}`;
    onPicture({ data: img.data, width: img.width, height: img.height, name, sample });
  }

  function inputError(message) {
    const el = $("#err-input");
    el.textContent = message;
    el.hidden = false;
    $("#input-status").textContent = "";
  }

  function firstPicture(items) {
    for (const f of items ?? []) {
      const file = f instanceof File ? f : f.kind === "file" ? f.getAsFile() : null;
      if (file && (file.type.startsWith("image/") || !file.type)) return file;
    }
    return null;
  }

  $("#file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (file) setInput(file, file.name, undefined);
    e.target.value = "";
  });

  let dragDepth = 0;
  document.addEventListener("dragenter", (e) => {
    if (![...(e.dataTransfer?.types ?? [])].includes("Files")) return;
    dragDepth++;
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) document.body.classList.remove("dragging");
  });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    dragDepth = 0;
    document.body.classList.remove("dragging");
    const file = firstPicture(e.dataTransfer?.files);
    if (file) setInput(file, file.name || "dropped picture", undefined);
    else inputError("That was not a picture file.");
  });
  document.addEventListener("paste", (e) => {
    // Typing a number into a field pastes text, not a picture.
    const file = firstPicture(e.clipboardData?.items);
    if (!file) return;
    e.preventDefault();
    setInput(file, file.name && file.name !== "image.png" ? file.name : "pasted picture", undefined);
  });

  return { buildSamples, loadSample };
}
