// `netc tune`: measures candidate GEMM tiles for every GEMM a spec's training step and evaluation
// build (linear and conv, forward and backward, at the spec's batch) on this machine's adapter,
// and caches the fastest per shape for that adapter. `netc train` and `netc compile --tuned` use them.

import { compile } from "../compile.js";
import { describeGemmTile } from "../ops/gemm.js";
import { requestNodeGpu } from "../../runtime/node/gpu.js";
import { adapterIdentity, describeAdapter, readTuneCache, tuneCachePath, writeTunedTiles } from "../tune/cache.js";
import { candidateTiles } from "../tune/candidates.js";
import { GemmRecorder, tuneGemm, type TunedGemm } from "../tune/tune.js";
import { checkSpecBeforeAdapter, limitsOf, specError, targetOf } from "./train.js";

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
}

/**
 * Tunes `file`'s GEMMs, adding each shape's choice to the cache as soon as it is measured (a long
 * run stopped early keeps what it measured); `progress` hears each shape as it starts and ends.
 */
export async function tuneCommand(
  file: string,
  options: TuneCommandOptions,
  progress: (line: string) => void = () => {},
): Promise<TuneReport> {
  const cache = tuneCachePath(options.tuneCache);
  // A corrupt cache or a bad spec fails now, not after minutes of measuring.
  await readTuneCache(cache);
  checkSpecBeforeAdapter(file, options.imageSize);
  const gpu = await requestNodeGpu();
  try {
    const recorder = new GemmRecorder();
    const target = { ...targetOf(gpu), gemmTiles: recorder };
    const result = compile(file, {
      ...(options.batch ? { batch: options.batch } : {}),
      ...(options.imageSize ? { imageSize: options.imageSize } : {}),
      ...(options.fuse === false ? { fuse: false } : {}),
      limits: limitsOf(gpu),
      target,
    });
    if (result.plan === undefined) throw specError(file, result);
    const identity = adapterIdentity(gpu.adapter);
    const gemms: TunedGemm[] = [];
    for (const [key, gemm] of recorder.gemms) {
      progress(`tuning ${key} (${gemm.spec.name})`);
      const tuned = await tuneGemm(gpu.device, gemm, candidateTiles(gemm.spec, target), target.software === true);
      await writeTunedTiles(cache, identity, { [tuned.key]: tuned.best });
      const { tile, ms, defaultMs } = tuned.best;
      progress(`  ${describeGemmTile(tile)}: ${ms.toFixed(3)} ms (the op's tile ${defaultMs.toFixed(3)} ms)`);
      gemms.push(tuned);
    }
    return { adapter: describeAdapter(identity), cache, gemms };
  } finally {
    gpu.destroy();
  }
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
  const note =
    report.gemms.length === 0
      ? "no GEMMs to tune; the cache is unchanged"
      : `tiles for ${report.adapter} written to ${report.cache}`;
  return [...lines, note].join("\n");
}
