// The live view: a camera (getUserMedia), a video file or a moving test
// card, pooled frame by
// frame with the lab's current options, with its pyramid, in a worker
// (live-worker.js) that draws onto canvases transferred to it. This thread
// only takes each shown frame as a VideoFrame and hands it over; a frame
// that comes while the worker is still busy is skipped, so the view keeps up
// with the source instead of falling behind it.

const PYRAMID_LEVELS = 5;

/** The message for a getUserMedia failure, one a person can act on. */
export function cameraError(err) {
  switch (err?.name) {
    case "NotAllowedError":
    case "SecurityError":
      return "Camera access was refused. Allow the camera for this site (the camera icon in the address bar), then press “Camera” again.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera was found. Connect one and press “Camera” again, or open a video file.";
    case "NotReadableError":
    case "AbortError":
      return "The camera is in use by another program, or could not be started. Close that program and press “Camera” again.";
    default:
      return `The camera could not be started: ${err?.message ?? err}`;
  }
}

export function setupLive({ root, pyramidOp }) {
  const $ = (sel) => root.querySelector(sel);
  const video = $("#live-video");
  const status = $("#live-status");
  const errorEl = $("#err-live");
  const stats = $("#live-stats");
  const pauseBtn = $("#live-pause");
  const stepBtn = $("#live-step");
  const stopBtn = $("#live-stop");
  const resultCanvas = $("#live-result");
  const list = $("#live-pyramid");

  const state = {
    source: null, // "camera" | "file" | "pattern"
    name: "",
    running: false,
    paused: false,
    frames: 0, // frames pooled since the source started
    fps: 0,
    ms: 0,
    size: null,
    result: null,
    error: null,
  };
  let worker = null;
  let busy = false;
  let stepping = false;
  let stream = null;
  let objectURL = null;
  let stopPattern = null;
  let opts = null;
  let lastOpts = "";
  let captures = [];
  const done = []; // completion times over the last second, for fps
  let callback = 0;

  const pyramidCanvases = Array.from({ length: PYRAMID_LEVELS }, (_, i) => {
    const li = document.createElement("li");
    const fig = document.createElement("figure");
    const frame = document.createElement("div");
    frame.className = "frame checker";
    const c = document.createElement("canvas");
    c.width = c.height = 1;
    frame.append(c);
    const cap = document.createElement("figcaption");
    cap.innerHTML = `<strong>level ${i + 1}</strong> <span class="size"></span>`;
    fig.append(frame, cap);
    li.append(fig);
    li.hidden = true;
    list.append(li);
    return { li, canvas: c, caption: cap.querySelector(".size"), size: "" };
  });

  function startWorker() {
    if (worker) return;
    worker = new Worker(new URL("./live-worker.js", import.meta.url), { type: "module" });
    const result = resultCanvas.transferControlToOffscreen();
    const pyramid = pyramidCanvases.map((p) => p.canvas.transferControlToOffscreen());
    worker.postMessage({ type: "init", result, pyramid }, [result, ...pyramid]);
    worker.addEventListener("message", (e) => onDone(e.data));
    worker.addEventListener("error", (e) => showError(`The live worker failed: ${e.message}`));
    sendOptions();
  }

  function sendOptions() {
    if (!worker || !opts) return;
    const key = JSON.stringify([opts, pyramidOp()]);
    if (key === lastOpts) return;
    lastOpts = key;
    worker.postMessage({ type: "options", opts, pyramidOp: pyramidOp() });
  }

  function showError(message) {
    state.error = message;
    errorEl.textContent = message;
    errorEl.hidden = !message;
  }

  function onDone(m) {
    busy = false;
    if (m.type === "error") {
      showError(m.message);
      return;
    }
    state.frames++;
    state.ms = m.ms;
    state.size = m.size;
    state.result = m.result;
    const now = performance.now();
    done.push(now);
    while (done.length && done[0] < now - 1000) done.shift();
    state.fps = done.length > 1 ? ((done.length - 1) * 1000) / (now - done[0]) : 0;
    if (m.error) showError(`No live result: ${m.error}`);
    else if (state.error?.startsWith("No live result")) showError("");
    const [w, h] = m.size;
    const res = m.result ? `${m.result[0]}×${m.result[1]}` : "none";
    stats.innerHTML =
      `<strong>${w}×${h} → ${res}</strong> · <strong id="live-ms">${m.ms.toFixed(1)}</strong> ms per frame · ` +
      `<strong id="live-fps">${state.paused ? "paused" : state.fps.toFixed(0)}</strong>${state.paused ? "" : " frames per second"} · frame ${state.frames}`;
    if (m.result) {
      // The result is shown at the input's size: pooled pixels become blocks.
      resultCanvas.style.aspectRatio = `${m.result[0]} / ${m.result[1]}`;
    }
    m.sizes.forEach(([lw, lh], i) => {
      const p = pyramidCanvases[i];
      const key = `${lw}x${lh}`;
      if (p.size === key) return;
      p.size = key;
      p.li.hidden = false;
      const scale = Math.min(320 / w, 240 / h);
      p.canvas.style.width = `${Math.max(lw * scale, 1)}px`;
      p.canvas.style.height = `${Math.max(lh * scale, 1)}px`;
      p.caption.textContent = `${lw}×${lh}`;
    });
    for (let i = m.sizes.length; i < PYRAMID_LEVELS; i++) pyramidCanvases[i].li.hidden = true;
    if (m.input) {
      const c = captures.shift();
      c?.({ input: m.input, output: m.output, opts: m.opts, error: m.error });
    }
  }

  // onFrame runs for every frame the video shows; it sends one to the worker
  // when the worker is free.
  function onFrame() {
    callback = 0;
    if (!state.running) return;
    if (!busy && (!state.paused || stepping) && send() && stepping) {
      stepping = false;
      video.pause();
    }
    callback = video.requestVideoFrameCallback(onFrame);
  }

  function send() {
    if (!opts || video.readyState < 2) return false;
    let vf;
    try {
      vf = new VideoFrame(video, { timestamp: Math.round(video.currentTime * 1e6) });
    } catch {
      return false; // no frame to take yet
    }
    busy = true;
    worker.postMessage({ type: "frame", frame: vf, capture: captures.length > 0 }, [vf]);
    return true;
  }

  async function begin(source, name) {
    state.source = source;
    state.name = name;
    state.running = true;
    state.paused = false;
    state.frames = 0;
    done.length = 0;
    startWorker();
    showError("");
    try {
      await video.play();
    } catch (e) {
      if (e.name !== "AbortError") throw e;
    }
    if (!callback) callback = video.requestVideoFrameCallback(onFrame);
    const label = { camera: "Camera", pattern: "Test pattern" }[source] ?? name;
    status.textContent = `${label}: ${video.videoWidth}×${video.videoHeight}`;
    syncButtons();
  }

  function stop() {
    stopPattern?.();
    stopPattern = null;
    state.running = false;
    state.paused = false;
    if (callback) video.cancelVideoFrameCallback(callback);
    callback = 0;
    video.pause();
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    if (objectURL) {
      video.removeAttribute("src");
      video.load();
      URL.revokeObjectURL(objectURL);
      objectURL = null;
    }
    state.source = null;
    status.textContent = "Stopped.";
    syncButtons();
  }

  function syncButtons() {
    pauseBtn.disabled = stepBtn.disabled = stopBtn.disabled = !state.running;
    pauseBtn.textContent = state.paused ? "Resume" : "Pause";
    pauseBtn.setAttribute("aria-pressed", String(state.paused));
    stepBtn.disabled = !state.running || !state.paused;
  }

  async function camera() {
    stop();
    if (!navigator.mediaDevices?.getUserMedia) {
      showError("This page cannot use a camera here: browsers allow it on https:// and http://localhost only.");
      status.textContent = "";
      return;
    }
    status.textContent = "Asking for the camera…";
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (e) {
      showError(cameraError(e));
      status.textContent = "";
      return;
    }
    video.srcObject = stream;
    await begin("camera", "camera");
  }

  // pattern starts a moving test card drawn here, for a page without a
  // camera: bars sweeping over a gradient, a disc and fine stripes, which
  // show what each op keeps.
  async function pattern() {
    stop();
    const c = document.createElement("canvas");
    c.width = 1280;
    c.height = 720;
    const ctx = c.getContext("2d");
    let t = 0;
    const paint = () => {
      const g = ctx.createLinearGradient(0, 0, 1280, 720);
      g.addColorStop(0, "#0b2a4a");
      g.addColorStop(1, "#f2a541");
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 1280, 720);
      for (let i = 0; i < 12; i++) {
        ctx.fillStyle = `hsl(${(i * 30 + t * 3) % 360} 85% 55%)`;
        ctx.fillRect(((i * 120 + t * 4) % 1400) - 120, 0, 40, 720);
      }
      ctx.fillStyle = "#fff";
      for (let x = 0; x < 1280; x += 4) ctx.fillRect(x, 600, 1, 80);
      ctx.beginPath();
      ctx.arc(640 + 400 * Math.sin(t / 40), 300, 120, 0, 2 * Math.PI);
      ctx.fill();
      t++;
    };
    paint();
    stream = c.captureStream(30);
    const timer = setInterval(paint, 33);
    stream.getVideoTracks()[0].addEventListener("ended", () => clearInterval(timer));
    stopPattern = () => clearInterval(timer);
    video.srcObject = stream;
    await begin("pattern", "test pattern");
  }

  async function file(f) {
    stop();
    objectURL = URL.createObjectURL(f);
    video.src = objectURL;
    video.loop = true;
    try {
      await new Promise((resolve, reject) => {
        video.addEventListener("loadeddata", resolve, { once: true });
        video.addEventListener("error", () => reject(new Error("not a video this browser can play")), { once: true });
      });
    } catch (e) {
      showError(`${f.name}: ${e.message}`);
      status.textContent = "";
      return;
    }
    await begin("file", f.name);
  }

  function pause(on = !state.paused) {
    if (!state.running) return;
    state.paused = on;
    if (on) video.pause();
    else video.play();
    syncButtons();
  }

  // step shows the next frame of a paused source and pools it.
  async function step() {
    if (!state.running || !state.paused) return;
    stepping = true;
    await video.play();
  }

  $("#live-camera").addEventListener("click", camera);
  $("#live-pattern").addEventListener("click", pattern);
  $("#live-file").addEventListener("change", (e) => {
    const f = e.target.files[0];
    if (f) file(f);
    e.target.value = "";
  });
  pauseBtn.addEventListener("click", () => pause());
  stepBtn.addEventListener("click", step);
  stopBtn.addEventListener("click", stop);
  syncButtons();

  return {
    state,
    /** The lab's current options, applied from the next frame on. */
    setOptions(o) {
      opts = o;
      sendOptions();
    },
    camera,
    pattern,
    file,
    pause,
    step,
    stop,
    /** The next pooled frame's input and output bytes, and the options used. */
    capture() {
      return new Promise((resolve) => captures.push(resolve));
    },
  };
}
