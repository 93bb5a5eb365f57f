// Binds a call's positional and keyword arguments to a signature's typed parameters: the one
// argument-checking routine behind layers, blocks and `train` constructors.

import type { Diagnostics, SourceLoc } from "../diagnostics.js";
import { suggestion } from "../diagnostics.js";
import { conform, describe, typeName, type Keyword, type Located, type Value, type ValueType } from "./values.js";

export interface ParamSpec {
  name: string;
  type: ValueType;
  /** A value, or a parameter whose value is the default. */
  default?: Value | { sameAs: string };
}

export interface Signature {
  /** What the callee is, for messages: "layer 'conv'", "block 'residual'". */
  what: string;
  params: ParamSpec[];
  /**
   * So that a message counts the arguments as the call writes them between its parentheses: a
   * tensor piped in with `->` is not there (`piped`), a layer's input tensors are there but not in
   * `params`. `shift` is added to the counts of `params` and positional arguments. Absent: they are
   * all written and all params (a `train` constructor).
   */
  written?: { shift: number; piped: boolean };
}

/** Values by parameter name, or undefined when a diagnostic was reported. */
export function bindArgs(
  signature: Signature,
  callLoc: SourceLoc,
  positional: Located[],
  keywords: Keyword[],
  diags: Diagnostics,
): Map<string, Value> | undefined {
  const { params, what } = signature;
  // Arguments arrive split by kind; their places in the source tell one by position after one by name.
  const firstKeyword = keywords[0];
  const misplaced = firstKeyword && positional.find((arg) => comesAfter(arg.loc, firstKeyword.nameLoc));
  if (misplaced !== undefined) {
    diags.error(
      misplaced.loc,
      `a positional argument cannot follow keyword arguments: move it before '${firstKeyword!.name} = ...' or give it by name`,
    );
    return undefined;
  }
  const given = new Map<string, Located>();
  let ok = true;

  if (positional.length > params.length) {
    const extra = positional[params.length]!;
    const shift = signature.written?.shift ?? 0;
    const [most, got] = [params.length + shift, positional.length + shift];
    const after = signature.written?.piped ? " after the piped tensor" : "";
    diags.error(extra.loc, `${what} takes at most ${most} argument${most === 1 ? "" : "s"}${after}, got ${got}`);
    ok = false;
  }
  positional.slice(0, params.length).forEach((arg, i) => given.set(params[i]!.name, arg));

  // A misspelt keyword can only mean a parameter that no other argument gives.
  const unclaimed = params
    .map((p) => p.name)
    .filter((name) => !given.has(name) && !keywords.some((kw) => kw.name === name));
  for (const kw of keywords) {
    const param = params.find((p) => p.name === kw.name);
    if (param === undefined) {
      const hint = suggestion(kw.name, unclaimed) || pytorchHint(kw.name, unclaimed);
      diags.error(kw.nameLoc, `${what} has no parameter '${kw.name}'${hint}`);
      ok = false;
    } else if (given.has(kw.name)) {
      diags.error(kw.nameLoc, `${what} got '${kw.name}' twice`);
      ok = false;
    } else {
      given.set(kw.name, kw);
    }
  }

  const bound = new Map<string, Value>();
  for (const param of params) {
    const arg = given.get(param.name);
    if (arg === undefined) {
      const fallback = param.default;
      if (fallback === undefined) {
        diags.error(callLoc, `${what} needs an argument '${param.name}' (${typeName(param.type)})`);
        ok = false;
      } else if ("sameAs" in fallback) {
        bound.set(param.name, bound.get(fallback.sameAs)!);
      } else {
        bound.set(param.name, fallback);
      }
      continue;
    }
    const value = conform(arg.value, param.type);
    if (value === undefined) {
      diags.error(
        arg.loc,
        `argument '${param.name}' of ${what} must be ${article(typeName(param.type))}, got ${describe(arg.value)}`,
      );
      ok = false;
    } else {
      bound.set(param.name, value);
    }
  }
  return ok ? bound : undefined;
}

/** PyTorch's names of layer arguments that netc spells otherwise, too far apart for a typo's suggestion. */
const PYTORCH_ARGUMENTS: ReadonlyMap<string, string> = new Map([
  ["padding", "pad"],
  ["kernel_size", "kernel"],
  ["ceil_mode", "ceil"],
  ["count_include_pad", "count_pad"],
]);

/** ` (PyTorch's 'padding' is 'pad' here)` where `name` is PyTorch's for one of `unclaimed`. */
function pytorchHint(name: string, unclaimed: string[]): string {
  const ours = PYTORCH_ARGUMENTS.get(name);
  return ours !== undefined && unclaimed.includes(ours) ? ` (PyTorch's '${name}' is '${ours}' here)` : "";
}

function comesAfter(a: SourceLoc, b: SourceLoc): boolean {
  return a.line > b.line || (a.line === b.line && a.col > b.col);
}

/** `type` with its article: "an int", "a float", "[int]". */
export function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : /^[[(]/.test(type) ? type : `a ${type}`;
}
