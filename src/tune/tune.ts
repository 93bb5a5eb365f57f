// Tuning one GEMM: every candidate tile is run once and its result checked (the op's own tile
// against a float64 CPU product, the others against the op's tile), then the correct ones are
// timed in interleaved rounds and the fastest kept.

import { defaultGemmTile, gemmShapeKey, type GemmSpec, type GemmTile, type GemmTileSource } from "../ops/gemm.js";
import type { TunedTile } from "./cache.js";
import {
  cpuProduct,
  dispatch,
  dispatchesFor,
  GemmBuffers,
  normalizedError,
  prepareGemm,
  runGemm,
  TOLERANCE,
  type Prepared,
  type RecordedGemm,
} from "./measure.js";
import { adapterMs } from "./steps.js";

/** Collects the GEMMs a compile builds, one per shape key, keeping every op's own tile. */
export class GemmRecorder implements GemmTileSource {
  readonly gemms = new Map<string, RecordedGemm>();

  tileFor(spec: GemmSpec, bindingSizes: Readonly<Record<string, number>>): undefined {
    const key = gemmShapeKey(spec);
    if (!this.gemms.has(key)) this.gemms.set(key, { spec, bindingSizes });
    return undefined;
  }
}

export interface CandidateResult {
  tile: GemmTile;
  /**
   * Best milliseconds per dispatch (of the first round only, for one dropped as far slower);
   * undefined when it failed. Read from the adapter's clock (adapterMs).
   */
  ms?: number;
  failure?: string;
}

export interface TunedGemm {
  key: string;
  /** The kernel it was recorded from. */
  name: string;
  candidates: CandidateResult[];
  best: TunedTile;
}

/** The op's own tile (the first candidate) as `gemm`'s choice. */
export function ownChoice(gemm: TunedGemm): TunedTile {
  return { tile: gemm.candidates[0]!.tile, ms: gemm.best.defaultMs, defaultMs: gemm.best.defaultMs };
}

/** Timed rounds over the candidates; the best round of each counts. */
const ROUNDS = 3;
/** After the first round, candidates this many times slower than the fastest are not timed again. */
const DROP_FACTOR = 4;
/**
 * A candidate replaces the op's tile only when it is faster by more than this fraction (noise); so
 * do a spec's choices together when its training step is timed with them (confirm.ts).
 */
export const MARGIN = 0.05;

/** Of timed candidates, the op's own first: the fastest where it beats the op's by more than MARGIN, else the op's. */
export function chooseTile<T extends { ms?: number }>(timed: readonly T[]): T {
  const own = timed[0]!;
  const best = timed.reduce((b, r) => (r.ms! < b.ms! ? r : b), own);
  return best.ms! < (1 - MARGIN) * own.ms! ? best : own;
}

/** Measures `candidates` for `gemm`, timed by the clock adapterMs picks for a `software` adapter or not. */
export async function tuneGemm(
  device: GPUDevice,
  gemm: RecordedGemm,
  candidates: GemmTile[],
  software: boolean,
): Promise<TunedGemm> {
  const { spec } = gemm;
  const own = spec.tile ?? defaultGemmTile(spec);
  const buffers = new GemmBuffers(device, gemm);
  try {
    // The op's tile against the CPU, on the bare product (no epilogue, accumulation or C layout,
    // which every tile applies alike per element of C).
    const expected = await cpuProduct(device, buffers);
    const bare: GemmSpec = {
      ...spec,
      accumulate: false,
      epilogue: undefined,
      into: undefined,
      columnBlock: undefined,
    };
    const ownBare = await runGemm(device, await prepareGemm(device, bare, own, buffers), buffers);
    const ownError = normalizedError(ownBare, expected.value, expected.index);
    if (!(ownError <= TOLERANCE))
      throw new Error(`gemm ${spec.name}: the op's tile ${JSON.stringify(own)} is off by ${ownError} from the CPU`);

    const results: (CandidateResult & { prepared?: Prepared })[] = [];
    let reference: Float32Array | undefined;
    for (const tile of [own, ...candidates.filter((t) => JSON.stringify(t) !== JSON.stringify(own))]) {
      try {
        const prepared = await prepareGemm(device, spec, tile, buffers);
        const result = await runGemm(device, prepared, buffers);
        reference ??= result;
        const error = normalizedError(result, reference);
        results.push(
          error <= TOLERANCE
            ? { tile, prepared }
            : { tile, failure: `off by ${error.toExponential(1)} from the op's tile` },
        );
      } catch (error) {
        results.push({ tile, failure: (error as Error).message.split("\n")[0]! });
      }
    }

    if (results[0]!.failure !== undefined)
      throw new Error(`gemm ${spec.name}: the op's tile fails: ${results[0]!.failure}`);
    const timed = results.filter((r) => r.prepared !== undefined);
    const dispatches = new Map<CandidateResult, number>();
    for (const r of timed) dispatches.set(r, dispatchesFor((await dispatch(device, r.prepared!)).ms));
    for (let round = 0; round < ROUNDS; round++) {
      const fastest = Math.min(...timed.map((r) => r.ms ?? Infinity));
      for (const r of timed) {
        if (round > 0 && r.ms! > DROP_FACTOR * fastest) continue;
        const timing = await dispatch(device, r.prepared!, dispatches.get(r)!);
        r.ms = Math.min(r.ms ?? Infinity, adapterMs(timing.ms, timing.cpuMs, software));
      }
    }

    const ownMs = timed[0]!.ms!;
    const chosen = chooseTile(timed);
    return {
      key: gemmShapeKey(spec),
      name: spec.name,
      candidates: results.map(({ tile, ms, failure }) => ({
        tile,
        ...(ms !== undefined ? { ms } : {}),
        ...(failure !== undefined ? { failure } : {}),
      })),
      best: { tile: chosen.tile, ms: chosen.ms!, defaultMs: ownMs },
    };
  } finally {
    buffers.destroy();
  }
}
