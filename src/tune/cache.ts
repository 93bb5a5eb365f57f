// The tile cache `netc tune` writes and `netc compile --tuned` / `netc train` read: per adapter
// (identified by what WebGPU reports about it), the measured best tile of each GEMM shape. One
// JSON file, by default $XDG_CACHE_HOME/netc/tune.json, replaced atomically.

import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../../runtime/node/files.js";
import { gemmShapeKey, type GemmSpec, type GemmTile, type GemmTileSource } from "../ops/gemm.js";

/** What identifies an adapter: its GPUAdapterInfo, subgroup sizes included. */
export interface AdapterIdentity {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  subgroupMinSize: number;
  subgroupMaxSize: number;
}

/** The best tile measured for one GEMM shape, with its time and the default tile's. */
export interface TunedTile {
  tile: GemmTile;
  ms: number;
  defaultMs: number;
}

export interface AdapterTiles {
  adapter: AdapterIdentity;
  /** By `gemmShapeKey`. */
  tiles: Record<string, TunedTile>;
}

export interface TuneCache {
  netcTuneCache: 1;
  adapters: AdapterTiles[];
}

/** A cache file that cannot be read as one; the message says which file and what to do. */
export class TuneCacheError extends Error {
  override name = "TuneCacheError";
}

export function adapterIdentity(adapter: GPUAdapter): AdapterIdentity {
  const { vendor, architecture, device, description, subgroupMinSize, subgroupMaxSize } = adapter.info;
  // 0: an implementation that does not report subgroup sizes.
  return {
    vendor,
    architecture,
    device,
    description,
    subgroupMinSize: subgroupMinSize ?? 0,
    subgroupMaxSize: subgroupMaxSize ?? 0,
  };
}

/** A one-line name for messages. */
export function describeAdapter(adapter: AdapterIdentity): string {
  return adapter.description || [adapter.vendor, adapter.architecture, adapter.device].filter(Boolean).join(" ");
}

/** `path`, or the default: $XDG_CACHE_HOME/netc/tune.json (~/.cache when XDG_CACHE_HOME is unset). */
export function tuneCachePath(path?: string): string {
  if (path !== undefined) return path;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "netc", "tune.json");
}

/** The cache at `path`: empty when there is no file, a TuneCacheError when it is not a cache. */
export async function readTuneCache(path: string): Promise<TuneCache> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { netcTuneCache: 1, adapters: [] };
    throw new TuneCacheError(`${path}: cannot read the tune cache (${(error as Error).message})`);
  }
  const fail = (why: string): never => {
    throw new TuneCacheError(`${path}: not a netc tune cache (${why})`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!isRecord(parsed) || parsed.netcTuneCache !== 1 || !Array.isArray(parsed.adapters))
    return fail("expected {netcTuneCache: 1, adapters: [...]}");
  parsed.adapters.forEach((entry: unknown, i) => {
    if (!isRecord(entry) || !isAdapter(entry.adapter) || !isRecord(entry.tiles))
      return fail(`adapters[${i}] is not {adapter, tiles}`);
    for (const [key, tuned] of Object.entries(entry.tiles)) {
      if (
        !isRecord(tuned) ||
        !isTile(tuned.tile) ||
        typeof tuned.ms !== "number" ||
        typeof tuned.defaultMs !== "number"
      )
        fail(`adapters[${i}].tiles["${key}"] is not {tile, ms, defaultMs}`);
    }
  });
  return parsed as unknown as TuneCache;
}

/**
 * The cache at `path` for a command that can do without it: where readTuneCache fails, `warn`
 * hears why and the cache is empty (every op keeps its default tile).
 */
export async function loadTuneCache(path: string, warn: (problem: TuneCacheError) => void): Promise<TuneCache> {
  try {
    return await readTuneCache(path);
  } catch (error) {
    if (!(error instanceof TuneCacheError)) throw error;
    warn(error);
    return { netcTuneCache: 1, adapters: [] };
  }
}

/**
 * Merges `tiles` into the cache at `path` (replacing those shapes for this adapter), atomically;
 * a file that is not a cache is replaced (`netc tune` warned of it when it first read it).
 */
export async function writeTunedTiles(
  path: string,
  adapter: AdapterIdentity,
  tiles: Record<string, TunedTile>,
): Promise<void> {
  const cache = await loadTuneCache(path, () => {});
  const entry = cache.adapters.find((e) => sameAdapter(e.adapter, adapter));
  if (entry) Object.assign(entry.tiles, tiles);
  else cache.adapters.push({ adapter, tiles });
  await writeFileAtomic(path, JSON.stringify(cache, null, 2) + "\n");
}

/** The cached tiles of `adapter` as compile's tile source, or undefined when the cache has none. */
export function cachedTiles(cache: TuneCache, adapter: AdapterIdentity): GemmTileSource | undefined {
  const entry = cache.adapters.find((e) => sameAdapter(e.adapter, adapter));
  if (entry === undefined) return undefined;
  return { tileFor: (spec: GemmSpec) => entry.tiles[gemmShapeKey(spec)]?.tile };
}

function sameAdapter(a: AdapterIdentity, b: AdapterIdentity): boolean {
  return (
    a.vendor === b.vendor &&
    a.architecture === b.architecture &&
    a.device === b.device &&
    a.description === b.description &&
    a.subgroupMinSize === b.subgroupMinSize &&
    a.subgroupMaxSize === b.subgroupMaxSize
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAdapter(value: unknown): value is AdapterIdentity {
  return (
    isRecord(value) &&
    ["vendor", "architecture", "device", "description"].every((k) => typeof value[k] === "string") &&
    ["subgroupMinSize", "subgroupMaxSize"].every((k) => typeof value[k] === "number")
  );
}

const positiveInt = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value > 0;

/** The shape of a GemmTile; whether it suits a GEMM is gemmKernel's check, when compile uses it. */
function isTile(value: unknown): value is GemmTile {
  if (!isRecord(value) || !positiveInt(value.rows) || !positiveInt(value.cols)) return false;
  const pair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every(positiveInt);
  if (value.splits !== undefined && !positiveInt(value.splits)) return false;
  switch (value.strategy) {
    case "register":
      return pair(value.threads);
    case "workgroup":
      return pair(value.threads) && positiveInt(value.depth);
    case "subgroup":
      return positiveInt(value.threads) && positiveInt(value.subgroupSize);
    case "splitk":
      return positiveInt(value.threads);
    default:
      return false;
  }
}
