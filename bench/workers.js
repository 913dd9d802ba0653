// How pk.pool scales over workers: loadPoolkit({ workers: n }) splits a
// picture into row bands pooled in parallel. One case, the largest size, the
// synchronous call beside 1 and 2 workers; every result must equal the
// synchronous one byte for byte.

import { CASES, compare, measure, randomPicture, repsWithin } from "./cases.js";

const CASE = CASES.find((c) => c.id === "avg3s1");
const WORKERS = [1, 2];

export async function workerScaling(loadPoolkit, direct, plan, log) {
  const size = plan.sizes[plan.sizes.length - 1];
  const img = randomPicture(size, size);
  const opts = { op: CASE.op, kernel: CASE.kernel, stride: CASE.stride, padding: "same" };
  let want;
  const rows = [];
  for (const n of [0, ...WORKERS]) {
    let pk = direct;
    try {
      if (n) pk = await loadPoolkit({ workers: n });
      // The first call warms up and is the one checked.
      const t0 = performance.now();
      const got = await pk.pool(img, opts);
      const warm = performance.now() - t0;
      want ??= got;
      // At least 3 calls even when slow: this comparison is the point of the section.
      const reps = Math.max(Math.min(3, plan.reps[size]), repsWithin(plan.cellBudgetMs, warm, plan.reps[size]));
      const r = { workers: n, ...(await measure(() => pk.pool(img, opts), reps)) };
      if (n) r.check = compare(got, want, CASE);
      rows.push(r);
      log(`poolkit ${n ? `${n} worker${n > 1 ? "s" : ""}` : "synchronous"} ${CASE.id} ${size}: ${r.ms.toFixed(2)} ms (n=${r.n})${r.check ? ` ${r.check.status}` : ""}`);
    } catch (err) {
      rows.push({ workers: n, error: String(err?.message ?? err) });
      log(`poolkit ${n} workers ${CASE.id} ${size}: ERROR ${err?.message ?? err}`);
    } finally {
      if (n && pk !== direct) await pk.close();
    }
  }
  return { case: CASE.id, size, rows };
}
