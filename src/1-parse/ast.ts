// The typed AST of a `.net` file: what the parser hands to elaboration. No CST type leaks past
// src/1-parse. Every node carries the location of its first token.

import type { SourceLoc } from "../diagnostics.js";

export interface Ident {
  name: string;
  loc: SourceLoc;
}

export interface SourceFile {
  file: string;
  items: Item[];
  /** A syntax error left part of the file unreadable, so an item that seems missing may be there. */
  incomplete: boolean;
}

export type Item = ImportDecl | BlockDecl | ModelDecl | TrainDecl;

/** `import "path.net"`; a path starting with `std/` names netc's bundled standard library. */
export interface ImportDecl {
  kind: "import";
  path: string;
  loc: SourceLoc;
}

/** `block name(params) { stmts }`: a reusable, parameterised piece of network. */
export interface BlockDecl extends Body {
  kind: "block";
  name: Ident;
  /** Absent where a syntax error left the parameter list incomplete: the block's calls are not checked. */
  params?: ParamDecl[];
  loc: SourceLoc;
}

/** `model name { stmts }`: the network a spec trains; its inputs are `input` statements. */
export interface ModelDecl extends Body {
  kind: "model";
  name: Ident;
  loc: SourceLoc;
}

/** The statements of a block or model. */
export interface Body {
  body: Stmt[];
  /** A syntax error left part of the body unreadable, so a statement that seems missing may be there. */
  incomplete: boolean;
  /** The names that the unreadable part seems to define (`name = ...`, `name: ...`): using them is no error. */
  unreadableNames: string[];
}

/** `train { key = value ... param "glob" { key = value ... } }`: the training set-up. */
export interface TrainDecl {
  kind: "train";
  settings: Setting[];
  paramRules: ParamRule[];
  /** A syntax error left part of the section unreadable, so a setting that seems missing may be there. */
  incomplete: boolean;
  loc: SourceLoc;
}

export interface Setting {
  key: Ident;
  value: Expr;
  loc: SourceLoc;
}

/** `param "*.bias" { decay = false }`: attributes for every parameter whose name matches. */
export interface ParamRule {
  pattern: string;
  patternLoc: SourceLoc;
  settings: Setting[];
  loc: SourceLoc;
}

/** `name: type = default`; either the type or the default may be omitted, not both. */
export interface ParamDecl {
  name: Ident;
  type?: TypeExpr;
  default?: Expr;
  loc: SourceLoc;
}

export type TypeExpr =
  | { kind: "named"; name: Ident; loc: SourceLoc } // int, float, bool, str, tensor
  | { kind: "list"; element: TypeExpr; loc: SourceLoc } // [int]
  | { kind: "tuple"; elements: TypeExpr[]; loc: SourceLoc }; // (int, int)

export type Stmt = InputStmt | LetStmt | OutStmt;

/** `input x: [N, 1, 28, 28]` (models only). */
export interface InputStmt {
  kind: "input";
  name: Ident;
  shape: ShapeExpr;
  loc: SourceLoc;
}

/** `name = expr` or, with a shape assertion, `name: [N, 6, 28, 28] = expr`. */
export interface LetStmt {
  kind: "let";
  name: Ident;
  shape?: ShapeExpr;
  value: Expr;
  loc: SourceLoc;
}

/** `out expr`: the block's or model's result. */
export interface OutStmt {
  kind: "out";
  value: Expr;
  loc: SourceLoc;
}

/** `[N, 1, 28, 28]`: each dimension an integer expression or a symbolic name such as `N`. */
export interface ShapeExpr {
  dims: Expr[];
  loc: SourceLoc;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

export type Expr =
  | { kind: "number"; value: number; isInt: boolean; loc: SourceLoc } // NaN where the literal is malformed or too large
  | { kind: "string"; value: string; loc: SourceLoc }
  | { kind: "bool"; value: boolean; loc: SourceLoc }
  | { kind: "name"; name: string; loc: SourceLoc }
  | { kind: "list"; elements: Expr[]; loc: SourceLoc }
  | { kind: "tuple"; elements: Expr[]; loc: SourceLoc } // `(a, b)`; `(a)` is just `a`
  | { kind: "range"; start: Expr; end: Expr; loc: SourceLoc } // `a..b`, end exclusive
  | { kind: "unary"; op: "-" | "not"; operand: Expr; loc: SourceLoc }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; loc: SourceLoc; opLoc: SourceLoc }
  | { kind: "index"; target: Expr; index: Expr; loc: SourceLoc } // `arch[0]`
  | CallExpr
  | { kind: "if"; cond: Expr; then: Expr; else: Expr; loc: SourceLoc }
  | { kind: "pipe"; source: Expr; stages: Stage[]; loc: SourceLoc }
  // Text that a syntax error, already reported, left without a meaning (`a < b < c`): it has no value
  // and causes no further errors.
  | { kind: "recovered"; loc: SourceLoc };

/** `f(a, k = v)`, optionally named: `conv(64, 7) as stem`. */
export interface CallExpr {
  kind: "call";
  callee: Ident;
  args: Arg[];
  alias?: Ident;
  loc: SourceLoc;
}

export interface Arg {
  name?: Ident;
  value: Expr;
  loc: SourceLoc;
}

/**
 * One step of `a -> stage -> stage`. A call stage receives the piped tensor as its first argument;
 * a bare name (`-> relu`) is a call with no further arguments. `for` repeats its chain once per
 * element, feeding each iteration's result to the next; `if` applies its chain or, without `else`,
 * passes the tensor through.
 */
export type Stage =
  | CallExpr
  | { kind: "for"; pattern: Pattern; iterable: Expr; body: Stage[]; loc: SourceLoc }
  | { kind: "if"; cond: Expr; then: Stage[]; else?: Stage[]; loc: SourceLoc };

/** Loop variables: `i`, `(n, c)`, `(a, (b, c))`. */
export type Pattern =
  { kind: "bind"; name: Ident; loc: SourceLoc } | { kind: "tuple"; elements: Pattern[]; loc: SourceLoc };
