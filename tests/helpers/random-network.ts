// Random, valid `.net` specs for differential tests. Each is a small image classifier drawn from
// every layer and operator the language has: convs of any kernel, stride, padding, dilation and
// groups; max and average pools with padding and ceil mode; batch norm over channels and over
// features; the activations; dropout; residual adds, with a projection where the shape changes;
// broadcast sums and products with a global average; concats of branches; an earlier value added
// in again (fan-out). Its train section draws an optimizer and per-parameter settings.

import { Rng } from "../../runtime/data.js";

/** A spec's source and what it was drawn from. */
export interface RandomNetwork {
  source: string;
  /** The batch size the spec trains with. */
  batch: number;
  /** Input channels, height and width. */
  input: [number, number, number];
}

interface Image {
  name: string;
  c: number;
  h: number;
  w: number;
}

/** Draws from a seed: the same seed gives the same network. */
class Random {
  private readonly rng: Rng;
  constructor(seed: number) {
    // Spread nearby seeds apart: mulberry32's first draws from seeds 0, 1, 2... are alike.
    this.rng = new Rng(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b9));
  }
  /** An integer from `low` to `high`, both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.rng.nextFloat() * (high - low + 1));
  }
  chance(p: number): boolean {
    return this.rng.nextFloat() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng.nextFloat() * items.length)]!;
  }
}

/** PyTorch's output size of a window sliding over `size` (ceil mode as `nn.MaxPool2d`'s). */
function slide(size: number, kernel: number, stride: number, pad: number, dilation = 1, ceil = false): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1;
  if (!ceil) return Math.floor(span / stride) + 1;
  let out = Math.ceil(span / stride) + 1;
  // The last window must start inside the input or its left padding.
  if ((out - 1) * stride >= size + pad) out--;
  return out;
}

/** `value` as an int argument, or as a tuple when height and width differ (or sometimes anyway). */
function pair(random: Random, h: number, w: number): string {
  return h === w && random.chance(0.8) ? `${h}` : `(${h}, ${w})`;
}

export function randomNetwork(seed: number): RandomNetwork {
  const random = new Random(seed);
  const lines: string[] = [];
  let counter = 0;
  const fresh = () => `t${++counter}`;
  const images: Image[] = [];
  const define = (expression: string, c: number, h: number, w: number): Image => {
    const image = { name: fresh(), c, h, w };
    lines.push(`${image.name} = ${expression}`);
    images.push(image);
    return image;
  };

  const activation = () => random.pick(["relu", "sigmoid", "tanh", "gelu"]);
  const batchNorm = () => (random.chance(0.7) ? "bn" : `bn(eps = 0.001, momentum = ${random.pick([0.05, 0.3])})`);

  /** A conv of random geometry whose output is at least 1×1, or undefined where none fits. */
  const conv = (x: Image): { call: string; c: number; h: number; w: number } | undefined => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const [kh, kw] = random.chance(0.25) ? [random.int(1, 4), random.int(1, 4)] : Array(2).fill(random.int(1, 5));
      const [sh, sw] = random.chance(0.2)
        ? [random.int(1, 2), random.int(1, 2)]
        : Array(2).fill(random.pick([1, 1, 2]));
      const dilation = random.chance(0.2) ? 2 : 1;
      const [ph, pw] = [
        random.int(0, Math.floor((dilation * (kh - 1)) / 2)),
        random.int(0, Math.floor((dilation * (kw - 1)) / 2)),
      ];
      const [h, w] = [slide(x.h, kh, sh, ph, dilation), slide(x.w, kw, sw, pw, dilation)];
      if (h < 1 || w < 1) continue;
      const groups = random.pick([1, 1, ...[2, 3, 4].filter((g) => x.c % g === 0)]);
      const c = groups * random.int(1, Math.max(1, Math.floor(8 / groups)));
      const args = [`${c}`, pair(random, kh, kw)];
      if (sh !== 1 || sw !== 1) args.push(`stride = ${pair(random, sh, sw)}`);
      if (ph !== 0 || pw !== 0) args.push(`pad = ${pair(random, ph, pw)}`);
      if (dilation !== 1) args.push("dilation = 2");
      if (groups !== 1) args.push(`groups = ${groups}`);
      if (random.chance(0.2)) args.push("bias = false");
      return { call: `conv(${args.join(", ")})`, c, h, w };
    }
    return undefined;
  };

  /** A max or average pool of random geometry, or undefined where none fits. */
  const pool = (x: Image): { call: string; h: number; w: number } | undefined => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const kind = random.pick(["maxpool", "avgpool"]);
      const k = random.int(2, 3);
      const stride = random.int(1, k);
      const pad = random.int(0, Math.floor(k / 2));
      const ceil = random.chance(0.3);
      const [h, w] = [slide(x.h, k, stride, pad, 1, ceil), slide(x.w, k, stride, pad, 1, ceil)];
      if (h < 1 || w < 1 || x.h + 2 * pad < k || x.w + 2 * pad < k) continue;
      const args = [`${k}`];
      if (stride !== k) args.push(`stride = ${stride}`);
      if (pad !== 0) args.push(`pad = ${pad}`);
      if (ceil) args.push("ceil = true");
      if (kind === "avgpool" && pad !== 0 && random.chance(0.5)) args.push("count_pad = false");
      return { call: `${kind}(${args.join(", ")})`, h, w };
    }
    return undefined;
  };

  const c0 = random.int(1, 3);
  const [h0, w0] = random.chance(0.7) ? Array(2).fill(random.int(6, 12)) : [random.int(5, 12), random.int(5, 12)];
  let x: Image = { name: "x", c: c0, h: h0, w: w0 };
  images.push(x);

  const stages = random.int(2, 6);
  for (let stage = 0; stage < stages; stage++) {
    const action = random.pick([
      "conv",
      "conv",
      "conv_chain",
      "pool",
      "residual",
      "concat",
      "gate",
      "fan_in",
      "dropout",
    ] as const);
    if (action === "conv" || action === "conv_chain") {
      const layer = conv(x);
      if (layer === undefined) continue;
      const chain = [layer.call];
      if (action === "conv_chain" || random.chance(0.4)) chain.push(batchNorm());
      if (random.chance(0.7)) chain.push(activation());
      x = define(`${x.name} -> ${chain.join(" -> ")}`, layer.c, layer.h, layer.w);
    } else if (action === "pool") {
      const layer = pool(x);
      if (layer === undefined) continue;
      x = define(`${x.name} -> ${layer.call}`, x.c, layer.h, layer.w);
    } else if (action === "residual") {
      // d2l's residual block: two 3×3 convs with batch norm, a 1×1 projection where the shape changes.
      const stride = x.h >= 3 && x.w >= 3 && random.chance(0.4) ? 2 : 1;
      const c = stride === 2 || random.chance(0.3) ? random.int(2, 8) : x.c;
      const s = stride === 1 ? "" : ", stride = 2";
      const y = define(
        `${x.name} -> conv(${c}, 3${s}, pad = 1) -> ${batchNorm()} -> relu -> conv(${c}, 3, pad = 1) -> bn`,
        c,
        slide(x.h, 3, stride, 1),
        slide(x.w, 3, stride, 1),
      );
      const shortcut = c === x.c && stride === 1 ? x.name : `conv(${x.name}, ${c}, 1${s})`;
      x = define(`relu(${y.name} + ${shortcut})`, c, y.h, y.w);
    } else if (action === "concat") {
      // Inception-like branches that keep height and width.
      const branches: string[] = [];
      let c = 0;
      for (let b = random.int(2, 3); b > 0; b--) {
        const kind = random.pick(["conv", "conv", "pool", "identity"] as const);
        if (kind === "conv") {
          const k = random.pick([1, 3, 5]);
          const channels = random.int(1, 4);
          branches.push(
            `(${x.name} -> conv(${channels}, ${k}, pad = ${(k - 1) / 2})${random.chance(0.6) ? ` -> ${activation()}` : ""})`,
          );
          c += channels;
        } else if (kind === "pool") {
          branches.push(`(${x.name} -> ${random.pick(["maxpool", "avgpool"])}(3, stride = 1, pad = 1))`);
          c += x.c;
        } else {
          branches.push(x.name);
          c += x.c;
        }
      }
      const axis = random.pick(["", ", axis = -3"]);
      x = define(`concat(${branches.join(", ")}${axis})`, c, x.h, x.w);
    } else if (action === "gate") {
      // A broadcast product or sum with the channels' global average.
      const global = `(${x.name} -> global_avgpool${random.chance(0.5) ? ` -> ${activation()}` : ""})`;
      x = define(random.chance(0.5) ? `${x.name} * ${global}` : `${global} + ${x.name}`, x.c, x.h, x.w);
    } else if (action === "fan_in") {
      // An earlier value of the same shape read a second time.
      const earlier = images.filter((i) => i !== x && i.c === x.c && i.h === x.h && i.w === x.w);
      if (earlier.length === 0) continue;
      const other = random.pick(earlier);
      x = define(random.chance(0.5) ? `${x.name} + ${other.name}` : `${other.name} * ${x.name}`, x.c, x.h, x.w);
    } else {
      x = define(`${x.name} -> dropout(${random.pick([0.2, 0.5])})`, x.c, x.h, x.w);
    }
  }

  const head = [x.c * x.h * x.w > 400 || random.chance(0.4) ? "global_avgpool -> flatten" : "flatten"];
  for (let hidden = random.int(0, 2); hidden > 0; hidden--) {
    head.push(`linear(${random.int(3, 16)}${random.chance(0.2) ? ", bias = false" : ""})`);
    if (random.chance(0.4)) head.push(batchNorm());
    if (random.chance(0.7)) head.push(activation());
    if (random.chance(0.2)) head.push(`dropout(${random.pick([0.2, 0.5])})`);
  }
  head.push("linear(10)");
  lines.push(`out ${x.name} -> ${head.join(" -> ")}`);

  const optimizer = random.pick([
    `sgd(lr = 0.05)`,
    `sgd(lr = 0.05, momentum = 0.9, weight_decay = 0.001)`,
    `sgd(lr = 0.05, momentum = 0.9, nesterov = true)`,
    // Adam's eps at 0.1: a gradient that is zero exactly (a layer's bias before batch norm) is
    // float32 noise on the GPU, which the usual eps = 1e-8 would turn into a whole step of random
    // sign; at 0.1 such steps stay as small as the noise, so GPU and reference can be compared.
    `adam(lr = 0.01, eps = 0.1)`,
    `adam(lr = 0.01, eps = 0.1, weight_decay = 0.001)`,
    `adamw(lr = 0.01, eps = 0.1)`,
  ]);
  const params: string[] = [];
  if (random.chance(0.3)) params.push(`param "*.bias" { decay = false }`);
  if (random.chance(0.3)) params.push(`param "*.weight" { lr_mult = 0.5 }`);
  if (random.chance(0.3)) params.push(`param "linear1.*" { frozen = true }`);
  const batch = random.int(3, 6);
  const source = [
    `# A random network (tests/helpers/random-network.ts, seed ${seed}).`,
    `model random${seed} {`,
    `  input x: [N, ${c0}, ${h0}, ${w0}]`,
    ...lines.map((line) => `  ${line}`),
    "}",
    "",
    "train {",
    "  data = fashion_mnist()",
    "  loss = cross_entropy",
    `  optimizer = ${optimizer}`,
    `  batch = ${batch}`,
    "  epochs = 1",
    ...params.map((line) => `  ${line}`),
    "}",
    "",
  ].join("\n");
  return { source, batch, input: [c0, h0, w0] };
}
