import { loadPoolkit } from "poolkit";

// A 16x12 gradient, the same bytes in every example and in their tests.
function gradient() {
  const picture = new ImageData(16, 12);
  for (let i = 0; i < picture.data.length; i += 4) {
    const x = (i / 4) % 16, y = Math.floor(i / 64);
    picture.data.set([x * 16, y * 21, (x + y) * 9, 255 - x * 5], i);
  }
  return picture;
}

function show(id, image) {
  const canvas = document.getElementById(id);
  [canvas.width, canvas.height] = [image.width, image.height];
  canvas.getContext("2d").putImageData(image, 0, 0);
}

async function main() {
  const picture = gradient();
  const pk = await loadPoolkit();
  const sync = pk.pool(picture, { op: "avg", kernel: 2 });

  const workers = await loadPoolkit({ workers: 2 });
  const pooled = await workers.pool(picture, { op: "max", kernel: 3, stride: 1, padding: "same" }, { bands: 3 });
  await workers.close();

  show("input", picture);
  show("sync", sync);
  show("workers", pooled);
  document.getElementById("result").textContent = JSON.stringify({ sync: [...sync.data], workers: [...pooled.data] });
}

main().catch((err) => {
  document.getElementById("result").textContent = `failed: ${err}`;
  throw err;
});
