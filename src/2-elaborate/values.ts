// Compile-time values of `.net` expressions and the types block and layer parameters declare.

import type { SourceLoc } from "../diagnostics.js";

export type Value =
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string }
  | { kind: "list"; items: Value[] }
  | { kind: "tuple"; items: Value[] }
  | { kind: "tensor"; node: number }
  /** A configuration constructor in a `train` section: `sgd(lr = 0.1)`, `xavier_uniform`. */
  | { kind: "config"; name: string; positional: Located[]; keywords: Keyword[]; loc: SourceLoc }
  /** The value of an expression that already produced a diagnostic; it silences follow-up errors. */
  | { kind: "poison" };

export interface Located {
  value: Value;
  loc: SourceLoc;
}

export interface Keyword extends Located {
  name: string;
  nameLoc: SourceLoc;
}

export type ValueType =
  | "int"
  | "float"
  | "bool"
  | "str"
  | "tensor"
  | "int2" // an int or a pair of ints
  | "axis" // an int, negative counting from the end
  | "config"
  | { list: ValueType }
  | { tuple: ValueType[] };

export const POISON: Value = { kind: "poison" };

export function typeName(type: ValueType): string {
  if (typeof type === "string") return type === "int2" ? "int or (int, int)" : type === "axis" ? "int" : type;
  if ("list" in type) return `[${typeName(type.list)}]`;
  return `(${type.tuple.map(typeName).join(", ")})`;
}

export function describe(value: Value): string {
  switch (value.kind) {
    case "list":
      return "a list";
    case "tuple":
      return `a ${value.items.length}-tuple`;
    case "tensor":
      return "a tensor";
    case "config":
      return `'${value.name}'`;
    case "poison":
      return "an invalid value";
    case "int":
    case "bool":
      return `${value.kind === "int" ? "an" : "a"} ${value.kind} (${String(value.value)})`;
    case "float":
      return `a float (${floatText(value.value)})`;
    case "str":
      return `a str (${JSON.stringify(value.value)})`;
  }
}

/** A float as the spec would write it: `8.0`, not `8`, which reads as an int. */
function floatText(value: number): string {
  const text = String(value);
  return /[.e]|Infinity|NaN/.test(text) ? text : `${text}.0`;
}

/** The value converted to `type` (ints widen to floats), or undefined when it does not conform. */
export function conform(value: Value, type: ValueType): Value | undefined {
  if (value.kind === "poison") return value;
  if (typeof type === "string") {
    switch (type) {
      case "int":
      case "axis":
        return value.kind === "int" ? value : undefined;
      case "float":
        return value.kind === "int"
          ? { kind: "float", value: value.value }
          : value.kind === "float"
            ? value
            : undefined;
      case "bool":
      case "str":
      case "tensor":
      case "config":
        return value.kind === type ? value : undefined;
      case "int2":
        if (value.kind === "int") return value;
        return (value.kind === "tuple" || value.kind === "list") &&
          value.items.length === 2 &&
          value.items.every((v) => v.kind === "int")
          ? { kind: "tuple", items: value.items }
          : undefined;
    }
  }
  if (value.kind !== "list" && value.kind !== "tuple") return undefined;
  if ("list" in type) {
    const items = value.items.map((v) => conform(v, type.list));
    return items.every((v) => v !== undefined) ? { kind: "list", items: items as Value[] } : undefined;
  }
  if (value.items.length !== type.tuple.length) return undefined;
  const items = value.items.map((v, i) => conform(v, type.tuple[i]!));
  return items.every((v) => v !== undefined) ? { kind: "tuple", items: items as Value[] } : undefined;
}

/** Plain data for IR attributes: numbers, bools, strings and int pairs. */
export function toAttr(value: Value): number | boolean | string | number[] {
  switch (value.kind) {
    case "int":
    case "float":
    case "bool":
    case "str":
      return value.value;
    case "tuple":
    case "list":
      return value.items.map((v) => (v.kind === "int" || v.kind === "float" ? v.value : NaN));
    default:
      throw new Error(`no attribute form for ${value.kind}`);
  }
}
