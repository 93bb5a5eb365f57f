// The registry of op families, by IR op name and by `.net` layer name.

import { activationGrad, dropout, gelu, relu, sigmoid, softmax, softmaxGrad, tanh } from "./activations.js";
import { batchnorm, batchnormGradInput, batchnormGradWeight } from "./batchnorm.js";
import { channelSum } from "./channels.js";
import { conv2d, conv2dGradInput, conv2dGradWeight } from "./conv.js";
import type { OpFamily } from "./family.js";
import { linear, matmul, sumRows } from "./linear.js";
import { crossEntropy, crossEntropyGrad, mse, mseGrad } from "./losses.js";
import { avgpool2d, avgpool2dGrad, globalAvgpool, globalAvgpoolGrad, maxpool2d, maxpool2dGrad } from "./pool.js";
import { add, concat, flatten, mul, reshape, slice, sumTo } from "./structure.js";

const families: OpFamily[] = [
  linear,
  conv2d,
  maxpool2d,
  avgpool2d,
  globalAvgpool,
  batchnorm,
  relu,
  sigmoid,
  tanh,
  gelu,
  dropout,
  softmax,
  flatten,
  concat,
  add,
  mul,
  // Ops that only autodiff and the loss create.
  matmul,
  sumRows,
  activationGrad,
  softmaxGrad,
  reshape,
  sumTo,
  crossEntropy,
  crossEntropyGrad,
  mse,
  mseGrad,
  conv2dGradInput,
  conv2dGradWeight,
  maxpool2dGrad,
  avgpool2dGrad,
  globalAvgpoolGrad,
  batchnormGradInput,
  batchnormGradWeight,
  channelSum,
  slice,
];

const opFamilies: ReadonlyMap<string, OpFamily> = new Map(families.map((f) => [f.op, f]));

/** Families that `.net` code calls by name, keyed by that name (`conv`, `bn`, ...). */
export const layers: ReadonlyMap<string, OpFamily> = new Map(
  families.filter((f) => f.layer !== undefined).map((f) => [f.layer!.name, f]),
);

export function family(op: string): OpFamily {
  const found = opFamilies.get(op);
  if (found === undefined) throw new Error(`no op family '${op}'`);
  return found;
}
