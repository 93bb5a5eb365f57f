// The `train` section: settings checked against a schema of constructors (`sgd(lr = 0.1)`,
// `fashion_mnist(resize = 224)`), and `param "glob" { ... }` rules applied to parameter nodes.

import type * as ast from "../1-parse/ast.js";
import { suggestion, type Diagnostics, type SourceLoc } from "../diagnostics.js";
import type {
  BnStatisticsConfig,
  DataConfig,
  Graph,
  Init,
  OptimizerConfig,
  ScheduleConfig,
  TrainConfig,
} from "../ir/graph.js";
import { isParam } from "../ir/graph.js";
import { bindArgs, type ParamSpec } from "./bind.js";
import { describe, type Keyword, type Located, type Value } from "./values.js";

export interface ParamRule {
  pattern: string;
  loc: SourceLoc;
  init?: Init;
  decay?: boolean;
  lrMult?: number;
  frozen?: boolean;
}

const f = (value: number): Value => ({ kind: "float", value });
const i = (value: number): Value => ({ kind: "int", value });
const b = (value: boolean): Value => ({ kind: "bool", value });

/** Constructors allowed for each setting, with their typed parameters and defaults. */
const constructors = {
  data: {
    fashion_mnist: [{ name: "resize", type: "int", default: i(0) }],
    synthetic_linear: [
      { name: "w", type: { list: "float" } },
      { name: "b", type: "float" },
      { name: "noise", type: "float", default: f(0.01) },
      { name: "examples", type: "int", default: i(1000) },
    ],
  },
  loss: { cross_entropy: [], mse: [] },
  optimizer: {
    sgd: [
      { name: "lr", type: "float" },
      { name: "momentum", type: "float", default: f(0) },
      { name: "weight_decay", type: "float", default: f(0) },
      { name: "nesterov", type: "bool", default: b(false) },
    ],
    adam: adamParams(0),
    adamw: adamParams(0.01),
  },
  schedule: {
    constant: [],
    step: [
      { name: "every", type: "int" },
      { name: "gamma", type: "float", default: f(0.1) },
    ],
    cosine: [
      { name: "warmup", type: "int", default: i(0) },
      { name: "min_lr", type: "float", default: f(0) },
    ],
  },
  bn_statistics: {
    running: [],
    recomputed: [{ name: "batches", type: "int", default: i(50) }],
  },
  init: {
    default: [],
    zeros: [],
    ones: [],
    normal: [
      { name: "mean", type: "float", default: f(0) },
      { name: "std", type: "float", default: f(0.01) },
    ],
    uniform: [
      { name: "low", type: "float" },
      { name: "high", type: "float" },
    ],
    xavier_uniform: [],
    xavier_normal: [],
    kaiming_uniform: [],
    kaiming_normal: [],
  },
} satisfies Record<string, Record<string, ParamSpec[]>>;

/** The values a number parameter takes, and how a message names them. */
interface Range {
  holds(value: number): boolean;
  text: string;
}
const ABOVE_ZERO: Range = { holds: (v) => v > 0, text: "above 0" };
const AT_LEAST_ZERO: Range = { holds: (v) => v >= 0, text: "at least 0" };
const AT_LEAST_ONE: Range = { holds: (v) => v >= 1, text: "at least 1" };
const FRACTION: Range = { holds: (v) => v >= 0 && v < 1, text: "at least 0 and below 1" };
const ADAM_RANGES = { lr: ABOVE_ZERO, beta1: FRACTION, beta2: FRACTION, eps: ABOVE_ZERO, weight_decay: AT_LEAST_ZERO };

/**
 * The ranges of constructors' number parameters (by constructor name, which no two kinds share):
 * a value outside one is a located error rather than a run that diverges or silently ignores it.
 */
const ranges: Record<string, Record<string, Range>> = {
  fashion_mnist: { resize: { holds: (v) => v >= 0, text: "a side in pixels, or 0 to keep 28×28" } },
  synthetic_linear: { noise: AT_LEAST_ZERO, examples: AT_LEAST_ONE },
  sgd: { lr: ABOVE_ZERO, momentum: FRACTION, weight_decay: AT_LEAST_ZERO },
  adam: ADAM_RANGES,
  adamw: ADAM_RANGES,
  step: { every: AT_LEAST_ONE, gamma: ABOVE_ZERO },
  cosine: { warmup: AT_LEAST_ZERO, min_lr: AT_LEAST_ZERO },
  recomputed: { batches: AT_LEAST_ONE },
  normal: { std: AT_LEAST_ZERO },
};

function adamParams(decay: number): ParamSpec[] {
  return [
    { name: "lr", type: "float", default: f(0.001) },
    { name: "beta1", type: "float", default: f(0.9) },
    { name: "beta2", type: "float", default: f(0.999) },
    { name: "eps", type: "float", default: f(1e-8) },
    { name: "weight_decay", type: "float", default: f(decay) },
  ];
}

/** The largest seed: the engine mixes seeds as 32-bit words. */
export const MAX_SEED = 2 ** 32 - 1;

const settingKeys = ["data", "loss", "optimizer", "schedule", "bn_statistics", "batch", "epochs", "seed"] as const;
const ruleKeys = ["init", "decay", "lr_mult", "frozen"] as const;

/** A run's own settings in place of its spec's (`netc train --lr --epochs --seed`). */
export interface RunSettings {
  lr?: number;
  epochs?: number;
  seed?: number;
}

export function elaborateTrain(
  train: ast.TrainDecl,
  diags: Diagnostics,
  run: RunSettings = {},
): { config: TrainConfig; paramRules: ParamRule[] } | undefined {
  const errorsBefore = diags.list.length;
  const settings = collect(train.settings, settingKeys, "train section", diags);
  const need = (key: (typeof settingKeys)[number]) => {
    const setting = settings.get(key);
    if (setting === undefined && !train.incomplete) diags.error(train.loc, `the train section needs '${key}'`);
    return setting;
  };
  const dataSetting = need("data");
  const lossSetting = need("loss");
  const optimizerSetting = need("optimizer");
  const batchSetting = need("batch");
  const epochsSetting = need("epochs");
  const scheduleSetting = settings.get("schedule");
  const seedSetting = settings.get("seed");
  const bnStatisticsSetting = settings.get("bn_statistics");

  const data = dataSetting && construct(dataSetting, "data", diags);
  const loss = lossSetting && construct(lossSetting, "loss", diags);
  const optimizer = optimizerSetting && construct(optimizerSetting, "optimizer", diags);
  const schedule =
    scheduleSetting === undefined
      ? { name: "constant", args: new Map<string, Value>() }
      : construct(scheduleSetting, "schedule", diags);
  const bnStatistics =
    bnStatisticsSetting === undefined
      ? { name: "running", args: new Map<string, Value>() }
      : construct(bnStatisticsSetting, "bn_statistics", diags);
  const batch = batchSetting && positiveInt(batchSetting, diags);
  const epochs = run.epochs ?? (epochsSetting && positiveInt(epochsSetting, diags));
  const seed = run.seed ?? (seedSetting === undefined ? 0 : positiveInt(seedSetting, diags, 0, MAX_SEED));
  const paramRules = train.paramRules.map((rule) => elaborateRule(rule, diags));
  if (schedule?.name === "cosine" && scheduleSetting !== undefined && optimizer !== undefined) {
    const lr = run.lr ?? num(optimizer, "lr");
    const [minLr, warmup] = [num(schedule, "min_lr"), num(schedule, "warmup")];
    const loc = scheduleSetting.value.loc;
    if (minLr > lr) {
      const of = run.lr === undefined ? "the optimizer's lr" : "this run's learning rate";
      diags.error(loc, `'min_lr' of 'cosine' must be at most ${of} (${lr}), got ${minLr}`);
    }
    if (epochs !== undefined && warmup >= epochs) {
      const of = run.epochs === undefined ? "training's" : "this run's";
      diags.error(loc, `'warmup' of 'cosine' must be fewer epochs than ${of} ${epochs}, got ${warmup}`);
    }
  }

  // A value is also missing without an error here where a syntax error left its text incomplete.
  const values = [data, loss, optimizer, schedule, bnStatistics, batch, epochs, seed];
  if (diags.list.length > errorsBefore || values.includes(undefined)) return undefined;
  return {
    config: {
      data: dataConfig(data!),
      loss: loss!.name as TrainConfig["loss"],
      optimizer: { ...optimizerConfig(optimizer!), ...(run.lr === undefined ? {} : { lr: run.lr }) },
      schedule: scheduleConfig(schedule!),
      bnStatistics: bnStatisticsConfig(bnStatistics!),
      batch: batch!,
      epochs: epochs!,
      seed: seed!,
      locs: { data: dataSetting!.value.loc, loss: lossSetting!.value.loc },
    },
    paramRules: paramRules.filter((r): r is ParamRule => r !== undefined),
  };
}

/** Applies the rules in order (a later match overrides an earlier one); a rule must match. */
export function applyParamRules(graph: Graph, rules: ParamRule[], diags: Diagnostics): void {
  const params = graph.nodes.filter(isParam);
  for (const rule of rules) {
    const matcher = globMatcher(rule.pattern);
    const matched = params.filter((p) => matcher.test(p.name));
    if (matched.length === 0) {
      diags.error(
        rule.loc,
        `param "${rule.pattern}" matches no parameter${suggestion(
          rule.pattern,
          params.map((p) => p.name),
        )}`,
      );
    }
    for (const p of matched) {
      if (rule.init !== undefined) {
        p.param.init = rule.init;
        p.param.initLoc = rule.loc;
      }
      if (rule.decay !== undefined) p.param.decay = rule.decay;
      if (rule.lrMult !== undefined) p.param.lrMult = rule.lrMult;
      if (rule.frozen !== undefined) p.param.frozen = rule.frozen;
    }
  }
}

/** `*` matches any run of characters (dots included), `?` any one character. */
export function globMatcher(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

function collect<K extends string>(
  settings: ast.Setting[],
  keys: readonly K[],
  where: string,
  diags: Diagnostics,
): Map<K, ast.Setting> {
  const found = new Map<K, ast.Setting>();
  for (const setting of settings) {
    const key = setting.key.name as K;
    if (!keys.includes(key)) {
      // No near spelling (PyTorch's `weight_decay` for `decay`): the few settings there are.
      const hint = suggestion(setting.key.name, keys) || ` (the settings are ${keys.join(", ")})`;
      diags.error(setting.key.loc, `unknown ${where} setting '${setting.key.name}'${hint}`);
    } else if (found.has(key)) {
      diags.error(setting.key.loc, `'${key}' is set twice`, [
        { loc: found.get(key)!.key.loc, message: "first set here" },
      ]);
    } else {
      found.set(key, setting);
    }
  }
  return found;
}

interface Constructed {
  name: string;
  args: Map<string, Value>;
}

function construct(
  setting: ast.Setting | Located,
  kind: keyof typeof constructors,
  diags: Diagnostics,
): Constructed | undefined {
  const value = "key" in setting ? evaluate(setting.value, diags) : setting.value;
  const loc = "key" in setting ? setting.value.loc : setting.loc;
  if (value === undefined) return undefined;
  const choices: Record<string, ParamSpec[]> = constructors[kind];
  if (value.kind !== "config" || !(value.name in choices)) {
    const what = value.kind === "config" ? `'${value.name}'` : describe(value);
    const hint = value.kind === "config" ? suggestion(value.name, Object.keys(choices)) : "";
    diags.error(loc, `${kind} must be one of ${Object.keys(choices).join(", ")}; got ${what}${hint}`);
    return undefined;
  }
  const params = choices[value.name]!;
  const args = bindArgs({ what: `'${value.name}'`, params }, value.loc, value.positional, value.keywords, diags);
  if (args === undefined) return undefined;
  // Where an argument was given: by keyword, by position, or else the call (a default).
  const argLoc = (name: string) =>
    value.keywords.find((k) => k.name === name)?.loc ??
    value.positional[params.findIndex((p) => p.name === name)]?.loc ??
    value.loc;
  const constructed: Constructed = { name: value.name, args };
  let ok = true;
  for (const [name, range] of Object.entries(ranges[value.name] ?? {})) {
    const number = num(constructed, name);
    if (!range.holds(number)) {
      diags.error(argLoc(name), `'${name}' of '${value.name}' must be ${range.text}, got ${number}`);
      ok = false;
    }
  }
  if (value.name === "synthetic_linear" && (args.get("w") as { items: unknown[] }).items.length === 0) {
    diags.error(argLoc("w"), "'w' of 'synthetic_linear' needs at least one weight, e.g. w = [2, -3.4]");
    ok = false;
  }
  if (value.name === "uniform") {
    const [low, high] = [num(constructed, "low"), num(constructed, "high")];
    if (!(low < high)) {
      diags.error(value.loc, `'uniform' needs low below high, got low ${low} and high ${high}`);
      ok = false;
    }
  }
  return ok ? constructed : undefined;
}

/** A constant expression of a `train` section; unknown names and calls become constructors. */
function evaluate(expr: ast.Expr, diags: Diagnostics): Value | undefined {
  switch (expr.kind) {
    case "number":
      // NaN: a malformed literal, which the lexer has reported.
      return Number.isNaN(expr.value) ? undefined : { kind: expr.isInt ? "int" : "float", value: expr.value };
    case "string":
      return { kind: "str", value: expr.value };
    case "bool":
      return { kind: "bool", value: expr.value };
    case "name":
      return { kind: "config", name: expr.name, positional: [], keywords: [], loc: expr.loc };
    case "unary": {
      const operand = evaluate(expr.operand, diags);
      if (expr.op === "-" && (operand?.kind === "int" || operand?.kind === "float"))
        return { kind: operand.kind, value: -operand.value };
      break;
    }
    case "list":
    case "tuple": {
      const items = expr.elements.map((e) => evaluate(e, diags));
      return items.every((v) => v !== undefined) ? { kind: expr.kind, items: items as Value[] } : undefined;
    }
    case "call": {
      const positional: Located[] = [];
      const keywords: Keyword[] = [];
      for (const arg of expr.args) {
        const value = evaluate(arg.value, diags);
        if (value === undefined) return undefined;
        if (arg.name === undefined) positional.push({ value, loc: arg.value.loc });
        else keywords.push({ name: arg.name.name, nameLoc: arg.name.loc, value, loc: arg.value.loc });
      }
      return { kind: "config", name: expr.callee.name, positional, keywords, loc: expr.callee.loc };
    }
    case "recovered":
      return undefined;
    default:
      break;
  }
  diags.error(expr.loc, "a train setting must be a constant, a list or a constructor such as sgd(lr = 0.1)");
  return undefined;
}

function positiveInt(setting: ast.Setting, diags: Diagnostics, min = 1, max = Infinity): number | undefined {
  const value = evaluate(setting.value, diags);
  if (value?.kind === "int" && value.value >= min && value.value <= max) return value.value;
  const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
  if (value !== undefined)
    diags.error(setting.value.loc, `'${setting.key.name}' must be an int ${range}, got ${describe(value)}`);
  return undefined;
}

function elaborateRule(rule: ast.ParamRule, diags: Diagnostics): ParamRule | undefined {
  const settings = collect(rule.settings, ruleKeys, "param", diags);
  const out: ParamRule = { pattern: rule.pattern, loc: rule.patternLoc };
  for (const [key, setting] of settings) {
    const value = evaluate(setting.value, diags);
    if (value === undefined) continue;
    const wrong = (type: string) => diags.error(setting.value.loc, `'${key}' must be ${type}, got ${describe(value)}`);
    switch (key) {
      case "init": {
        const init = construct({ value, loc: setting.value.loc }, "init", diags);
        if (init !== undefined) out.init = initConfig(init);
        break;
      }
      case "decay":
      case "frozen":
        if (value.kind !== "bool") wrong("true or false");
        else out[key] = value.value;
        break;
      case "lr_mult":
        if ((value.kind !== "int" && value.kind !== "float") || value.value < 0) wrong("a number of at least 0");
        else out.lrMult = value.value;
        break;
    }
  }
  return out;
}

const num = (c: Constructed, key: string) => (c.args.get(key) as { value: number }).value;

function dataConfig(data: Constructed): DataConfig {
  if (data.name === "synthetic_linear") {
    const w = (data.args.get("w") as { items: { value: number }[] }).items.map((v) => v.value);
    return {
      source: "synthetic_linear",
      w,
      b: num(data, "b"),
      noise: num(data, "noise"),
      examples: num(data, "examples"),
    };
  }
  const resize = num(data, "resize");
  return resize > 0 ? { source: "fashion_mnist", resize } : { source: "fashion_mnist" };
}

function optimizerConfig(o: Constructed): OptimizerConfig {
  if (o.name === "sgd") {
    return {
      kind: "sgd",
      lr: num(o, "lr"),
      momentum: num(o, "momentum"),
      weightDecay: num(o, "weight_decay"),
      nesterov: (o.args.get("nesterov") as { value: boolean }).value,
    };
  }
  return {
    kind: o.name as "adam" | "adamw",
    lr: num(o, "lr"),
    beta1: num(o, "beta1"),
    beta2: num(o, "beta2"),
    eps: num(o, "eps"),
    weightDecay: num(o, "weight_decay"),
  };
}

function scheduleConfig(s: Constructed): ScheduleConfig {
  if (s.name === "step") return { kind: "step", every: num(s, "every"), gamma: num(s, "gamma") };
  if (s.name === "cosine") return { kind: "cosine", warmup: num(s, "warmup"), minLr: num(s, "min_lr") };
  return { kind: "constant" };
}

function bnStatisticsConfig(s: Constructed): BnStatisticsConfig {
  return s.name === "recomputed" ? { kind: "recomputed", batches: num(s, "batches") } : { kind: "running" };
}

function initConfig(c: Constructed): Init {
  switch (c.name) {
    case "normal":
      return { kind: "normal", mean: num(c, "mean"), std: num(c, "std") };
    case "uniform":
      return { kind: "uniform", low: num(c, "low"), high: num(c, "high") };
    default:
      return { kind: c.name as Exclude<Init["kind"], "normal" | "uniform"> };
  }
}
