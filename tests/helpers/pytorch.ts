// The PyTorch fixtures (tests/fixtures/README.md) as tests read them, and the bound their values are
// compared within.

import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { decodeSafetensors } from "../../runtime/safetensors.js";

/** The relative part of every comparison with PyTorch: |netc − PyTorch| ≤ atol + RTOL·|PyTorch|. */
const RTOL = 1e-4;

/** A fixture file's tensors by name, as float32 (labels converted), and its metadata. */
export interface Fixture {
  tensors: ReadonlyMap<string, Float32Array<ArrayBuffer>>;
  metadata: Readonly<Record<string, string>>;
}

export function loadFixture(name: string): Fixture {
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(`tests/fixtures/${name}.safetensors`)));
  return { tensors: new Map([...tensors].map(([key, tensor]) => [key, Float32Array.from(tensor.data)])), metadata };
}

export function tensor(fixture: Fixture, name: string): Float32Array<ArrayBuffer> {
  const found = fixture.tensors.get(name);
  if (found === undefined) throw new Error(`the fixture has no tensor '${name}'`);
  return found;
}

/** Every element within atol + RTOL·|PyTorch|; the message names the worst element. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  let excess = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const over = Math.abs(actual[i]! - expected[i]!) - (atol + RTOL * Math.abs(expected[i]!));
    if (!(over <= excess)) [worst, excess] = [i, over];
  }
  expect(excess, `${what}[${worst}]: got ${actual[worst]}, PyTorch ${expected[worst]}`).toBeLessThanOrEqual(0);
}
