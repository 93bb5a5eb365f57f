// `netc tune`: measures candidate GEMM tiles for every GEMM a spec's training step and evaluation
// build (linear and conv, forward and backward, at the spec's batch) on this machine's adapter,
// caches the fastest per shape for that adapter, then times the training step with those tiles
// against the ops' defaults and keeps them only if it is faster. `netc train` and `netc compile
// --tuned` use the cache.

import { compile } from "../compile.js";
import { describeGemmTile, gemmShapeKey, type GemmTileSource } from "../ops/gemm.js";
import { requestNodeGpu } from "../../runtime/node/gpu.js";
import { checkWritable } from "../../runtime/node/files.js";
import { adapterIdentity, describeAdapter, loadTuneCache, tuneCachePath, writeTunedTiles } from "../tune/cache.js";
import { candidateTiles } from "../tune/candidates.js";
import { compareTrainingSteps, type StepComparison } from "../tune/confirm.js";
import { median } from "../tune/steps.js";
import { GemmRecorder, MARGIN, ownChoice, tuneGemm, type TunedGemm } from "../tune/tune.js";
import { checkSpecBeforeAdapter, limitsOf, specError, targetOf, warnOfTuneCache, writingTo } from "./train.js";

export interface TuneCommandOptions {
  batch?: number;
  imageSize?: number;
  /** The cache file (default: tuneCachePath()). */
  tuneCache?: string;
  fuse?: boolean;
}

export interface TuneReport {
  adapter: string;
  cache: string;
  gemms: TunedGemm[];
  /** The training step with the chosen tiles against the defaults; undefined when no choice differed. */
  confirmation?: StepComparison;
}

/**
 * Tunes `file`'s GEMMs, adding each shape's choice to the cache as soon as it is measured (a long
 * run stopped early keeps what it measured), then confirms the choices in the training step: where
 * it is not faster with them, the cache gets the ops' own tiles for those shapes instead.
 * `progress` hears each shape as it starts and ends, and the confirmation.
 */
export async function tuneCommand(
  file: string,
  options: TuneCommandOptions,
  progress: (line: string) => void = () => {},
): Promise<TuneReport> {
  const cache = tuneCachePath(options.tuneCache);
  // A corrupt cache is replaced by the tiles measured now; a file that cannot be written fails
  // now, not after minutes of measuring, as does a bad spec.
  await loadTuneCache(cache, warnOfTuneCache);
  await writingTo(cache, "--tune-cache", () => checkWritable(cache));
  // Tuning times random batches: the spec's data need not fit.
  checkSpecBeforeAdapter(file, {
    ...(options.batch ? { batch: options.batch } : {}),
    ...(options.imageSize ? { imageSize: options.imageSize } : {}),
  });
  const gpu = await requestNodeGpu();
  try {
    const target = targetOf(gpu);
    const software = target.software === true;
    const compileWith = (gemmTiles: GemmTileSource) => {
      const result = compile(file, {
        ...(options.batch ? { batch: options.batch } : {}),
        ...(options.imageSize ? { imageSize: options.imageSize } : {}),
        ...(options.fuse === false ? { fuse: false } : {}),
        limits: limitsOf(gpu),
        target: { ...target, gemmTiles },
      });
      if (result.plan === undefined) throw specError(file, result);
      return result.plan;
    };
    // The recorder hands every op its own tile: this is also the plan with the defaults.
    const recorder = new GemmRecorder();
    const defaults = compileWith(recorder);
    const identity = adapterIdentity(gpu.adapter);
    const gemms: TunedGemm[] = [];
    for (const [key, gemm] of recorder.gemms) {
      progress(`tuning ${key} (${gemm.spec.name})`);
      const tuned = await tuneGemm(gpu.device, gemm, candidateTiles(gemm.spec, target), software);
      await writingTo(cache, "--tune-cache", () => writeTunedTiles(cache, identity, { [tuned.key]: tuned.best }));
      const { tile, ms, defaultMs } = tuned.best;
      progress(`  ${describeGemmTile(tile)}: ${ms.toFixed(3)} ms (the op's tile ${defaultMs.toFixed(3)} ms)`);
      gemms.push(tuned);
    }

    const changed = gemms.filter((g) => JSON.stringify(g.best.tile) !== JSON.stringify(g.candidates[0]!.tile));
    if (changed.length === 0) return { adapter: describeAdapter(identity), cache, gemms };
    progress(`timing training steps with the ${changed.length} changed tiles against the ops' defaults`);
    const chosen = new Map(gemms.map((g) => [g.key, g.best.tile]));
    const confirmation = await compareTrainingSteps(
      gpu.device,
      defaults,
      compileWith({ tileFor: (spec) => chosen.get(gemmShapeKey(spec)) }),
      software,
      MARGIN,
    );
    progress(`  ${describeConfirmation(confirmation)}`);
    if (!confirmation.faster) {
      for (const gemm of changed) gemm.best = ownChoice(gemm);
      const ownTiles = Object.fromEntries(changed.map((g) => [g.key, g.best]));
      await writingTo(cache, "--tune-cache", () => writeTunedTiles(cache, identity, ownTiles));
    }
    return { adapter: describeAdapter(identity), cache, gemms, confirmation };
  } finally {
    gpu.destroy();
  }
}

function describeConfirmation(c: StepComparison): string {
  const times =
    `training step ${median(c.tunedMs).toFixed(2)} ms with the tuned tiles, ${median(c.defaultMs).toFixed(2)} ms with the ops' defaults ` +
    `(medians of ${c.tunedMs.length} alternating rounds of ${c.steps} steps; tuned / default in the median round ${c.ratio.toFixed(3)})`;
  return c.faster
    ? `${times}: the tuned tiles are kept`
    : `${times}: not ${MARGIN * 100}% faster, so the ops' defaults stay`;
}

/** Per shape: every candidate's time (or why it was left out), the chosen one marked `*`. */
export function formatTuneReport(report: TuneReport): string {
  const lines: string[] = [];
  for (const gemm of report.gemms) {
    lines.push(`${gemm.key} (${gemm.name})`);
    gemm.candidates.forEach((c, i) => {
      const chosen = JSON.stringify(c.tile) === JSON.stringify(gemm.best.tile) ? "*" : " ";
      const what = `${describeGemmTile(c.tile)}${i === 0 ? " (op's tile)" : ""}`;
      const result = c.ms !== undefined ? `${c.ms.toFixed(3).padStart(10)} ms` : `  ${c.failure}`;
      lines.push(`  ${chosen} ${what.padEnd(50)}${result}`);
    });
  }
  if (report.confirmation) lines.push(describeConfirmation(report.confirmation));
  const note =
    report.gemms.length === 0
      ? "no GEMMs to tune; the cache is unchanged"
      : `tiles for ${report.adapter} written to ${report.cache}`;
  return [...lines, note].join("\n");
}
