// Parameter initialisation with PyTorch's formulas, from a seeded generator so the same seed gives
// the same weights on every platform.

import { Rng } from "./data.js";
import type { TensorPlan } from "./plan.js";

/** Initial values of a parameter or state tensor; `seed` and the tensor's index pick the stream. */
export function initialValues(tensor: TensorPlan, seed: number, index: number): Float32Array<ArrayBuffer> {
  const count = tensor.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  if (tensor.kind === "state") return out.fill(tensor.fill);
  const rng = new Rng((Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const uniform = (bound: number) => out.forEach((_, i) => (out[i] = (2 * rng.nextFloat() - 1) * bound));
  const normal = (mean: number, std: number) => out.forEach((_, i) => (out[i] = mean + std * rng.normal()));
  const { fanIn, fanOut, init } = tensor;
  switch (init.kind) {
    case "zeros":
      break;
    case "ones":
      out.fill(1);
      break;
    case "normal":
      normal(init.mean, init.std);
      break;
    case "uniform":
      out.forEach((_, i) => (out[i] = init.low + (init.high - init.low) * rng.nextFloat()));
      break;
    case "xavier_uniform":
      uniform(Math.sqrt(6 / (fanIn + fanOut)));
      break;
    case "xavier_normal":
      normal(0, Math.sqrt(2 / (fanIn + fanOut)));
      break;
    case "kaiming_uniform":
      uniform(Math.sqrt(6 / fanIn));
      break;
    case "kaiming_normal":
      normal(0, Math.sqrt(2 / fanIn));
      break;
    case "default":
      // nn.Linear / nn.Conv2d: kaiming_uniform(a=√5) on weights and U(±1/√fan_in) on biases both
      // come to a bound of 1/√fan_in (a bias's fan-in is its weight's).
      uniform(1 / Math.sqrt(fanIn));
      break;
  }
  return out;
}
