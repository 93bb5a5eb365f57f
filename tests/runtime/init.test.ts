// Parameter initialisation against PyTorch's definitions (torch.nn.init): the fans the plan gives
// each parameter, and the bound or standard deviation each initialiser draws with.

import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { initialValues } from "../../runtime/init.js";
import type { InitPlan, TensorPlan } from "../../runtime/plan.js";

/** torch.nn.init._calculate_fan_in_and_fan_out: [out, in, ...kernel], the receptive field counted in both. */
function torchFans(shape: readonly number[]): [number, number] {
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

describe("the plan's fans", () => {
  const tensors = new Map(compile("specs/lenet.net").plan!.tensors.map((t) => [t.name, t]));

  it("are PyTorch's for a conv weight [6, 1, 5, 5]: fan-in 1·5·5, fan-out 6·5·5; its bias takes the weight's fan-in", () => {
    const weight = tensors.get("features.conv1.weight")!;
    expect(weight.shape).toEqual([6, 1, 5, 5]);
    expect([weight.fanIn, weight.fanOut]).toEqual([25, 150]);
    // nn.Conv2d.reset_parameters draws the bias from U(±1/√fan_in) with the weight's fan-in, not the bias's 6.
    const bias = tensors.get("features.conv1.bias")!;
    expect(bias.shape).toEqual([6]);
    expect(bias.fanIn).toBe(25);
  });

  it("are PyTorch's for every LeNet weight, and each bias has its weight's fan-in", () => {
    const weights = [...tensors.values()].filter((t) => t.role === "weight");
    expect(weights.map((t) => t.name)).toHaveLength(5);
    for (const weight of weights) {
      expect([weight.fanIn, weight.fanOut], weight.name).toEqual(torchFans(weight.shape));
      const bias = tensors.get(weight.name.replace(/weight$/, "bias"))!;
      expect(bias.fanIn, bias.name).toBe(torchFans(weight.shape)[0]);
    }
    // conv2 [16, 6, 5, 5] and linear1 [120, 400], written out.
    expect([tensors.get("features.conv2.weight")!.fanIn, tensors.get("features.conv2.weight")!.fanOut]).toEqual([
      150, 400,
    ]);
    expect([tensors.get("linear1.weight")!.fanIn, tensors.get("linear1.weight")!.fanOut]).toEqual([400, 120]);
  });
});

describe("initialValues", () => {
  // A conv weight of 16,384 values with fan-in 16·4·4 = 256 and fan-out 64·4·4 = 1024.
  const shape = [64, 16, 4, 4];
  const [fanIn, fanOut] = [256, 1024];
  const tensor = (init: InitPlan, role = "weight"): TensorPlan => ({
    name: `conv.${role}`,
    shape,
    buffer: 0,
    kind: "param",
    role,
    init,
    fill: 0,
    fanIn,
    fanOut,
    trainable: true,
    optimizerBuffers: [],
  });
  const stats = (values: Float32Array) => {
    const n = values.length;
    const mean = values.reduce((sum, v) => sum + v, 0) / n;
    const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
    const low = values.reduce((m, v) => Math.min(m, v), Infinity);
    const high = values.reduce((m, v) => Math.max(m, v), -Infinity);
    return { n, mean, std, low, high };
  };

  // torch.nn.init with its defaults: kaiming's a = 0, mode = "fan_in", nonlinearity = "leaky_relu",
  // so gain = √(2 / (1 + a²)) = √2; xavier's gain = 1.
  const gain = Math.SQRT2;
  const uniforms: [string, InitPlan, number][] = [
    // bound = gain · √(6 / (fan_in + fan_out))
    ["xavier_uniform", { kind: "xavier_uniform" }, Math.sqrt(6 / (fanIn + fanOut))],
    // bound = gain · √(3 / fan_in)
    ["kaiming_uniform", { kind: "kaiming_uniform" }, gain * Math.sqrt(3 / fanIn)],
    // nn.Conv2d's default: kaiming_uniform(a = √5), gain √(2 / 6), bound √(1/3) · √(3 / fan_in) = 1/√fan_in.
    ["default", { kind: "default" }, Math.sqrt(2 / 6) * Math.sqrt(3 / fanIn)],
  ];

  it.each(uniforms)(
    "%s stays within its bound, reaches near it, and spreads as a uniform distribution",
    (_, init, bound) => {
      const { n, mean, std, low, high } = stats(initialValues(tensor(init), 7, 3));
      expect(n).toBe(16_384);
      const f32 = bound * (1 + 1e-6); // the bound rounded to float32
      expect(low).toBeGreaterThanOrEqual(-f32);
      expect(high).toBeLessThanOrEqual(f32);
      expect(low).toBeLessThan(-0.99 * bound);
      expect(high).toBeGreaterThan(0.99 * bound);
      expect(Math.abs(mean)).toBeLessThan((5 * bound) / Math.sqrt(3 * n));
      expect(Math.abs(std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.05);
    },
  );

  it("gives a bias with the default init PyTorch's U(±1/√fan_in) from the fan-in it is given (its weight's)", () => {
    const bias = { ...tensor({ kind: "default" }, "bias"), shape: [16_384] };
    const { low, high } = stats(initialValues(bias, 7, 4));
    const bound = 1 / Math.sqrt(fanIn);
    expect(low).toBeGreaterThanOrEqual(-bound * (1 + 1e-6));
    expect(high).toBeLessThanOrEqual(bound * (1 + 1e-6));
    expect(Math.min(-low, high)).toBeGreaterThan(0.99 * bound);
  });

  it.each([
    // std = gain · √(2 / (fan_in + fan_out))
    ["xavier_normal", { kind: "xavier_normal" } as InitPlan, Math.sqrt(2 / (fanIn + fanOut))],
    // std = gain / √fan_in
    ["kaiming_normal", { kind: "kaiming_normal" } as InitPlan, gain / Math.sqrt(fanIn)],
    ["normal(0.5, 0.02)", { kind: "normal", mean: 0.5, std: 0.02 } as InitPlan, 0.02],
  ])("%s draws with PyTorch's standard deviation, within 5%%", (_, init, expectedStd) => {
    const { n, mean, std } = stats(initialValues(tensor(init), 7, 5));
    expect(n).toBe(16_384);
    const expectedMean = init.kind === "normal" ? init.mean : 0;
    expect(Math.abs(mean - expectedMean)).toBeLessThan((5 * expectedStd) / Math.sqrt(n));
    expect(Math.abs(std / expectedStd - 1)).toBeLessThan(0.05);
  });

  it("draws each tensor from its own stream: two weights of one shape differ, and each repeats for its seed", () => {
    const weight = tensor({ kind: "default" });
    const first = initialValues(weight, 7, 0);
    expect(initialValues(weight, 7, 0)).toEqual(first);
    const second = initialValues(weight, 7, 1);
    // Two streams share no more than chance equalities of float32 values.
    expect(second.filter((v, i) => v === first[i]).length).toBeLessThan(10);
    expect(initialValues(weight, 8, 0).filter((v, i) => v === first[i]).length).toBeLessThan(10);
  });

  it("draws uniform(low, high) in [low, high), and fills zeros and ones", () => {
    const { low, high, mean } = stats(initialValues(tensor({ kind: "uniform", low: -0.1, high: 0.3 }), 7, 6));
    expect(low).toBeGreaterThanOrEqual(Math.fround(-0.1));
    expect(high).toBeLessThanOrEqual(Math.fround(0.3));
    expect(low).toBeLessThan(-0.099);
    expect(high).toBeGreaterThan(0.299);
    expect(Math.abs(mean - 0.1)).toBeLessThan(0.005);
    expect(initialValues(tensor({ kind: "zeros" }), 7, 6).every((v) => v === 0)).toBe(true);
    expect(initialValues(tensor({ kind: "ones" }), 7, 6).every((v) => v === 1)).toBe(true);
  });
});
