// Elaboration: evaluates a model's statements, expanding blocks, loops and conditionals into the
// flat graph IR. Every node gets its source location and its block path (`b3.inception1.p2.conv2`),
// which is also the stable name of its parameters.

import { basename } from "node:path";
import type * as ast from "../1-parse/ast.js";
import type { LoadedProgram } from "../1-parse/index.js";
import { suggestion, type Diagnostics, type Note, type SourceLoc } from "../diagnostics.js";
import type { Attrs, Dim, Graph, NewNode, Node, Shape } from "../ir/graph.js";
import { layers } from "../ops/index.js";
import type { LayerArg, OpFamily } from "../ops/family.js";
import { article, bindArgs, type ParamSpec } from "./bind.js";
import { applyParamRules, elaborateTrain, type RunSettings } from "./train.js";
import {
  conform,
  describe,
  POISON,
  toAttr,
  typeName,
  type Keyword,
  type Located,
  type Value,
  type ValueType,
} from "./values.js";

/** A shape assertion (`name: [N, 16, 5, 5] = ...`), checked once shapes are inferred. */
export interface ShapeAssertion {
  node: number;
  shape: Shape;
  loc: SourceLoc;
}

export interface Elaborated {
  graph: Graph;
  assertions: ShapeAssertion[];
}

interface Binding {
  value: Value;
  loc: SourceLoc;
}

/** Lexical scope: a block's or model's statements, and a loop body's variables on top. */
class Scope {
  private readonly vars = new Map<string, Binding>();
  /** `unreadableNames`: names that text a syntax error made unreadable seems to define here. */
  constructor(
    private readonly parent?: Scope,
    private readonly unreadableNames: ReadonlySet<string> = new Set(),
  ) {}

  lookup(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  /** Whether unreadable text may define `name`, so that it is no error that no statement does. */
  mayDefine(name: string): boolean {
    return this.unreadableNames.has(name) || (this.parent?.mayDefine(name) ?? false);
  }

  /** Binds `name` here, or returns the earlier binding in this scope that it would duplicate. */
  define(name: string, binding: Binding): Binding | undefined {
    const earlier = this.vars.get(name);
    if (earlier === undefined) this.vars.set(name, binding);
    return earlier;
  }

  /** The binding of `name` in this scope itself (not its parents). */
  own(name: string): Binding | undefined {
    return this.vars.get(name);
  }

  names(): string[] {
    return [...this.vars.keys(), ...(this.parent?.names() ?? [])];
  }
}

/** Where calls get their names: the path prefix and a counter per layer or block kind. */
interface Naming {
  prefix: string;
  counters: Map<string, number>;
}

/** A `for` stage being run and the iteration it is in (from 0). */
interface RunningLoop {
  loop: Extract<ast.Stage, { kind: "for" }>;
  iteration: number;
}

/** Where a node's name was taken, and in which iterations of the loops around it. */
interface TakenName {
  loc: SourceLoc;
  loops: RunningLoop[];
}

/**
 * Deeper evaluation would overflow the stack. It counts expressions and stages inside one another,
 * through block calls too; the parser's limit keeps each expression far below it.
 */
const MAX_EVALUATION_DEPTH = 500;

const valueFunctions = ["enumerate", "len", "zip"] as const;

const layerTypes: Record<LayerArg["type"], ValueType> = {
  int: "int",
  float: "float",
  bool: "bool",
  int2: "int2",
  axis: "axis",
};

/** The most values a range holds: more layers than any network netc trains, fewer than exhaust memory. */
const MAX_RANGE = 100_000;

/**
 * The entry file's model as a graph, with its blocks expanded. `library`: a file of blocks without
 * a model (std/vision.net) is no error; its block headers are checked and nothing is returned.
 */
export function elaborate(
  program: LoadedProgram,
  diags: Diagnostics,
  library = false,
  run: RunSettings = {},
): Elaborated | undefined {
  const blocks = new Map<string, ast.BlockDecl>();
  /** Block names each file defined again, by file: which definition its calls meant is unknown. */
  const redefined = new Map<string, Set<string>>();
  const models: ast.ModelDecl[] = [];
  const trains: ast.TrainDecl[] = [];
  for (const file of program.files) {
    for (const item of file.items) {
      if (item.kind === "block") {
        const earlier = blocks.get(item.name.name);
        if (earlier !== undefined) {
          const file = item.name.loc.file;
          redefined.set(file, (redefined.get(file) ?? new Set()).add(item.name.name));
        }
        if (earlier !== undefined && earlier.name.loc.file !== item.name.loc.file) {
          // Not a shadow: the imported file's own blocks call its definition, and a silent swap would surprise.
          diags.error(
            item.name.loc,
            `block '${item.name.name}' is already defined by an import: rename yours (e.g. 'my_${item.name.name}') or drop the import`,
            [{ loc: earlier.name.loc, message: "the imported definition" }],
          );
        } else if (earlier !== undefined) {
          diags.error(item.name.loc, `block '${item.name.name}' is already defined`, [
            { loc: earlier.name.loc, message: "first defined here" },
          ]);
        } else if (layers.has(item.name.name)) {
          diags.error(item.name.loc, `block '${item.name.name}' has the name of a built-in layer; choose another name`);
        } else {
          blocks.set(item.name.name, item);
        }
      } else if (item.kind === "import") {
        continue;
      } else if (file !== program.entry) {
        const what = item.kind === "model" ? `model '${item.name.name}'` : "train section";
        diags.warning(
          item.kind === "model" ? item.name.loc : item.loc,
          `an import brings in blocks only: this ${what} is not part of ${basename(program.entry.file)}`,
        );
      } else if (item.kind === "model") {
        models.push(item);
      } else {
        trains.push(item);
      }
    }
  }

  const elaborator = new Elaborator(blocks, redefined, diags);
  for (const block of blocks.values()) elaborator.checkHeader(block);
  const entryLoc: SourceLoc = { file: program.entry.file, line: 1, col: 1, length: 1 };
  if (models.length !== 1) {
    if (models.length > 1)
      diags.error(models[1]!.name.loc, "a spec holds one model; move this one to a file of its own");
    else if (
      !program.entry.incomplete &&
      (!library || trains.length > 0 || !program.entry.items.some((item) => item.kind === "block"))
    )
      diags.error(entryLoc, "no model in this file: add `model name { input x: [N, ...] ... out ... }`");
    for (const block of blocks.values()) elaborator.checkUncalled(block);
    return undefined;
  }
  for (const extra of trains.slice(1)) diags.error(extra.loc, "a spec holds one train section");

  // Even without a valid output the graph built so far is returned, so shape inference can
  // report its errors in the same run.
  const errorsBefore = diags.list.length;
  const built = elaborator.model(models[0]!);
  for (const block of blocks.values()) elaborator.checkUncalled(block);
  // A model that failed to build lacks parameters, which param rules would then miss.
  const builtWhole = diags.list.length === errorsBefore && !elaborator.metSyntaxError;
  const graph: Graph = {
    model: models[0]!.name.name,
    nodes: elaborator.nodes,
    inputs: built.inputs,
    output: built.output,
  };
  if (trains[0] !== undefined) {
    const train = elaborateTrain(trains[0], diags, run);
    if (train !== undefined) {
      graph.train = train.config;
      if (builtWhole) applyParamRules(graph, train.paramRules, diags);
    }
  }
  return { graph, assertions: elaborator.assertions };
}

class Elaborator {
  readonly nodes: Node[] = [];
  readonly assertions: ShapeAssertion[] = [];
  /** Blocks expanded at least once: checkUncalled checks the others. */
  readonly called = new Set<string>();
  private readonly nodeNames = new Map<string, TakenName>();
  /** Each block's parameters, from its checked header; undefined where the header has errors. */
  private readonly signatures = new Map<string, ParamSpec[] | undefined>();
  /** The `for` stages being run, outermost first. */
  private readonly loops: RunningLoop[] = [];
  /** Expressions and stages being evaluated, one inside another. */
  private depth = 0;
  /** Whether the depth limit was crossed since the depth was last 0: the rest of the way out is quiet. */
  private tooDeep = false;
  /** Blocks being expanded, outermost first: a block that reappears instantiates itself. */
  private readonly expanding: string[] = [];
  /** Where each block being expanded was called, innermost first. */
  private calledFrom: Note[] = [];
  /** Whether what was evaluated holds text that a syntax error left incomplete. */
  metSyntaxError = false;

  constructor(
    private readonly blocks: ReadonlyMap<string, ast.BlockDecl>,
    private readonly redefined: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly diags: Diagnostics,
  ) {}

  /**
   * Checks a block's header once, whether or not the block is called: types, distinct parameter
   * names, and defaults that are constants of their parameters' types.
   */
  checkHeader(block: ast.BlockDecl): void {
    if (block.params === undefined) {
      this.signatures.set(block.name.name, undefined);
      return;
    }
    const params: ParamSpec[] = [];
    for (const p of block.params) {
      const first = block.params.find((q) => q.name.name === p.name.name)!;
      if (first !== p) {
        this.error(p.name.loc, `parameter '${p.name.name}' is already defined`, [
          { loc: first.name.loc, message: "first defined here" },
        ]);
        continue;
      }
      const declared = p.type === undefined ? undefined : this.typeOf(p.type);
      const fallback =
        p.default === undefined ? undefined : this.expr(p.default, new Scope(), { prefix: "", counters: new Map() });
      const type = p.type === undefined && fallback !== undefined ? inferType(fallback) : declared;
      if (type === undefined || fallback?.kind === "poison") continue;
      if (fallback === undefined) {
        params.push({ name: p.name.name, type });
        continue;
      }
      const value = conform(fallback, type);
      if (value === undefined) {
        this.error(
          p.default!.loc,
          `the default of '${p.name.name}' must be ${article(typeName(type))}, got ${describe(fallback)}`,
        );
        continue;
      }
      params.push({ name: p.name.name, type, default: value });
    }
    this.signatures.set(block.name.name, params.length === block.params.length ? params : undefined);
  }

  /** The model's inputs and output node (-1 when its `out` has errors). */
  model(model: ast.ModelDecl): { inputs: number[]; output: number } {
    const scope = new Scope(undefined, new Set(model.unreadableNames));
    const inputs: number[] = [];
    for (const stmt of model.body) {
      if (stmt.kind !== "input") continue;
      const shape = this.inputShape(stmt.shape, scope);
      const id = this.addNode({
        op: "input",
        dtype: "f32",
        name: stmt.name.name,
        inputs: [],
        shape,
        loc: stmt.name.loc,
      });
      inputs.push(id);
      this.defineName(scope, stmt.name, { kind: "tensor", node: id });
    }
    if (inputs.length === 0 && !model.incomplete) {
      this.error(model.name.loc, `model '${model.name.name}' has no input: add e.g. \`input x: [N, 1, 28, 28]\``);
    }
    const statements = { ...model, body: model.body.filter((s) => s.kind !== "input") };
    const out = this.body(statements, scope, "", `model '${model.name.name}'`, model.name.loc);
    return { inputs, output: out?.kind === "tensor" ? out.node : -1 };
  }

  /** Runs a block's or model's statements; returns the value of its single `out`. */
  private body(
    statements: ast.Body,
    scope: Scope,
    prefix: string,
    what: string,
    whereLoc: SourceLoc,
  ): Value | undefined {
    const outNaming: Naming = { prefix, counters: new Map() };
    let out: { value: Value; loc: SourceLoc } | undefined;
    this.metSyntaxError ||= statements.incomplete;
    for (const stmt of statements.body) {
      switch (stmt.kind) {
        case "input":
          this.error(stmt.loc, "'input' is only allowed in a model; pass tensors to a block as parameters");
          break;
        case "let": {
          const earlier = scope.own(stmt.name.name);
          if (earlier !== undefined) {
            // Reported before evaluating, so the duplicate's layers do not add name clashes too.
            this.error(stmt.name.loc, `'${stmt.name.name}' is already defined`, [
              { loc: earlier.loc, message: "first defined here" },
            ]);
            break;
          }
          const naming = { prefix: join(prefix, stmt.name.name), counters: new Map<string, number>() };
          const value = this.expr(stmt.value, scope, naming);
          if (stmt.shape !== undefined) this.assertShape(value, stmt.shape, scope, stmt.name);
          this.defineName(scope, stmt.name, value);
          break;
        }
        case "out":
          if (out !== undefined) {
            this.error(stmt.loc, `${what} has more than one 'out'`, [
              { loc: out.loc, message: "the first 'out' is here" },
            ]);
            break;
          }
          out = { value: this.expr(stmt.value, scope, outNaming), loc: stmt.value.loc };
          break;
      }
    }
    if (out === undefined) {
      if (!statements.incomplete) this.error(whereLoc, `${what} has no 'out' statement: end it with \`out <tensor>\``);
      return undefined;
    }
    if (out.value.kind === "poison") return undefined;
    if (out.value.kind !== "tensor") {
      this.error(out.loc, `${what}'s 'out' must be a tensor, got ${describe(out.value)}`);
      return undefined;
    }
    return out.value;
  }

  private defineName(scope: Scope, name: ast.Ident, value: Value): void {
    const earlier = scope.define(name.name, { value, loc: name.loc });
    if (earlier !== undefined) {
      this.error(name.loc, `'${name.name}' is already defined`, [{ loc: earlier.loc, message: "first defined here" }]);
    }
  }

  private inputShape(shape: ast.ShapeExpr, scope: Scope): Dim[] {
    return shape.dims.map((dim) => {
      if (dim.kind === "name" && scope.lookup(dim.name) === undefined) return dim.name;
      const value = this.expr(dim, scope, { prefix: "", counters: new Map() });
      if (value.kind === "int" && value.value >= 1) return value.value;
      if (value.kind !== "poison")
        this.error(dim.loc, `a dimension must be a positive int or a symbol such as N, got ${describe(value)}`);
      return 1;
    });
  }

  private assertShape(value: Value, shape: ast.ShapeExpr, scope: Scope, name: ast.Ident): void {
    if (value.kind === "poison") return;
    if (value.kind !== "tensor") {
      this.error(shape.loc, `'${name.name}' has a shape assertion but is ${describe(value)}, not a tensor`);
      return;
    }
    this.assertions.push({ node: value.node, shape: this.inputShape(shape, scope), loc: shape.loc });
  }

  /** Runs `evaluate` one level deeper, or reports the place where the depth limit is crossed. */
  private nested(loc: SourceLoc, evaluate: () => Value): Value {
    if (this.depth === MAX_EVALUATION_DEPTH) {
      if (this.tooDeep) return POISON;
      this.tooDeep = true;
      const blocks = this.calledFrom.length;
      const counting = blocks === 0 ? "" : `, counting the ${blocks} block call${blocks === 1 ? "" : "s"} around it`;
      // The innermost and outermost calls say enough of a long chain of blocks.
      const notes = blocks <= 2 ? this.calledFrom : [this.calledFrom[0]!, this.calledFrom.at(-1)!];
      this.diags.error(
        loc,
        `expression nested too deeply (more than ${MAX_EVALUATION_DEPTH} levels${counting})`,
        notes,
      );
      return POISON;
    }
    this.depth++;
    const value = evaluate();
    if (--this.depth === 0) this.tooDeep = false;
    return value;
  }

  private expr(expr: ast.Expr, scope: Scope, naming: Naming): Value {
    return this.nested(expr.kind === "binary" ? expr.opLoc : expr.loc, () => this.evaluate(expr, scope, naming));
  }

  private evaluate(expr: ast.Expr, scope: Scope, naming: Naming): Value {
    switch (expr.kind) {
      case "number":
        // A malformed or too large literal is already reported.
        if (Number.isNaN(expr.value)) return POISON;
        return expr.isInt ? { kind: "int", value: expr.value } : { kind: "float", value: expr.value };
      case "string":
        return { kind: "str", value: expr.value };
      case "bool":
        return { kind: "bool", value: expr.value };
      case "name":
        return this.name(expr.name, expr.loc, scope);
      case "list":
      case "tuple":
        return { kind: expr.kind, items: expr.elements.map((e) => this.expr(e, scope, naming)) };
      case "range":
        return this.range(expr, scope, naming);
      case "unary":
        return this.unary(expr.op, this.expr(expr.operand, scope, naming), expr.loc);
      case "binary":
        return this.binary(expr, scope, naming);
      case "index":
        return this.index(this.expr(expr.target, scope, naming), this.expr(expr.index, scope, naming), expr);
      case "call":
        return this.call(expr, undefined, scope, naming);
      case "if": {
        const cond = this.condition(expr.cond, scope, naming);
        if (cond === undefined) return POISON;
        return this.expr(cond ? expr.then : expr.else, scope, naming);
      }
      case "pipe":
        return expr.stages.reduce(
          (input, stage) => this.stage(stage, input, scope, naming),
          this.expr(expr.source, scope, naming),
        );
      case "recovered":
        this.metSyntaxError = true;
        return POISON;
    }
  }

  private name(name: string, loc: SourceLoc, scope: Scope): Value {
    const binding = scope.lookup(name);
    if (binding !== undefined) return binding.value;
    if (scope.mayDefine(name)) return POISON;
    if (layers.has(name) || this.blocks.has(name)) {
      this.error(
        loc,
        `'${name}' is a ${layers.has(name) ? "layer" : "block"}: call it as ${name}(x, ...) or use it in a pipeline (x -> ${name})`,
      );
    } else {
      this.error(loc, `unknown name '${name}'${suggestion(name, scope.names())}`);
    }
    return POISON;
  }

  private range(expr: Extract<ast.Expr, { kind: "range" }>, scope: Scope, naming: Naming): Value {
    const start = this.expr(expr.start, scope, naming);
    const end = this.expr(expr.end, scope, naming);
    if (start.kind === "poison" || end.kind === "poison") return POISON;
    if (start.kind !== "int" || end.kind !== "int") {
      this.error(expr.loc, `a range needs int bounds, got ${describe(start)} and ${describe(end)}`);
      return POISON;
    }
    if (end.value - start.value > MAX_RANGE) {
      this.error(
        expr.loc,
        `a range of ${end.value - start.value} values is longer than netc allows (${MAX_RANGE.toLocaleString("en-US")})`,
      );
      return POISON;
    }
    const items: Value[] = [];
    for (let i = start.value; i < end.value; i++) items.push({ kind: "int", value: i });
    return { kind: "list", items };
  }

  private unary(op: "-" | "not", operand: Value, loc: SourceLoc): Value {
    if (operand.kind === "poison") return POISON;
    if (op === "-" && (operand.kind === "int" || operand.kind === "float"))
      return { kind: operand.kind, value: -operand.value };
    if (op === "not" && operand.kind === "bool") return { kind: "bool", value: !operand.value };
    this.error(loc, `'${op}' needs ${op === "-" ? "a number" : "a bool"}, got ${describe(operand)}`);
    return POISON;
  }

  private binary(expr: Extract<ast.Expr, { kind: "binary" }>, scope: Scope, naming: Naming): Value {
    const op = expr.op;
    const left = this.expr(expr.left, scope, naming);
    if (op === "and" || op === "or") {
      // Short-circuit, so `i > 0 and arch[i - 1] ...` is safe.
      if (left.kind === "bool" && left.value === (op === "or")) return left;
      const right = this.expr(expr.right, scope, naming);
      if (left.kind === "poison" || right.kind === "poison") return POISON;
      if (left.kind === "bool" && right.kind === "bool") return right;
      this.error(expr.opLoc, `'${op}' needs bools, got ${describe(left)} and ${describe(right)}`);
      return POISON;
    }
    const right = this.expr(expr.right, scope, naming);
    if (left.kind === "poison" || right.kind === "poison") return POISON;
    if (left.kind === "tensor" && right.kind === "tensor" && (op === "+" || op === "*")) {
      const opName = op === "+" ? "add" : "mul";
      return this.opNode(opName, {}, [left.node, right.node], naming, opName, expr.loc);
    }
    if ((left.kind === "int" || left.kind === "float") && (right.kind === "int" || right.kind === "float")) {
      return this.arithmetic(op, left, right, expr.opLoc);
    }
    if ((op === "==" || op === "!=") && left.kind === right.kind && (left.kind === "bool" || left.kind === "str")) {
      const equal = left.value === (right as typeof left).value;
      return { kind: "bool", value: op === "==" ? equal : !equal };
    }
    this.error(expr.opLoc, `cannot apply '${op}' to ${describe(left)} and ${describe(right)}`);
    return POISON;
  }

  private arithmetic(
    op: ast.BinaryOp,
    left: { kind: "int" | "float"; value: number },
    right: { kind: "int" | "float"; value: number },
    loc: SourceLoc,
  ): Value {
    const a = left.value;
    const b = right.value;
    const ints = left.kind === "int" && right.kind === "int";
    const number = (value: number): Value => {
      if (!ints) return { kind: "float", value };
      if (Number.isSafeInteger(value)) return { kind: "int", value };
      this.error(loc, `integer result ${value} is too large (the largest is ${Number.MAX_SAFE_INTEGER})`);
      return POISON;
    };
    switch (op) {
      case "+":
        return number(a + b);
      case "-":
        return number(a - b);
      case "*":
        return number(a * b);
      case "/":
        if (b === 0) break;
        return { kind: "float", value: a / b };
      case "//":
        if (b === 0) break;
        return number(Math.floor(a / b));
      case "%":
        if (b === 0) break;
        return number(a - b * Math.floor(a / b));
      case "==":
        return { kind: "bool", value: a === b };
      case "!=":
        return { kind: "bool", value: a !== b };
      case "<":
        return { kind: "bool", value: a < b };
      case "<=":
        return { kind: "bool", value: a <= b };
      case ">":
        return { kind: "bool", value: a > b };
      case ">=":
        return { kind: "bool", value: a >= b };
      default:
        this.error(loc, `'${op}' needs bools, got numbers`);
        return POISON;
    }
    this.error(loc, `division by zero`);
    return POISON;
  }

  private index(target: Value, index: Value, expr: Extract<ast.Expr, { kind: "index" }>): Value {
    if (target.kind === "poison" || index.kind === "poison") return POISON;
    if (target.kind !== "list" && target.kind !== "tuple") {
      this.error(expr.loc, `only lists and tuples can be indexed, not ${describe(target)}`);
      return POISON;
    }
    if (index.kind !== "int") {
      this.error(expr.index.loc, `an index must be an int, got ${describe(index)}`);
      return POISON;
    }
    const i = index.value < 0 ? target.items.length + index.value : index.value;
    const item = target.items[i];
    if (item === undefined) {
      this.error(
        expr.index.loc,
        `index ${index.value} is out of range for ${describe(target)} of ${target.items.length} items`,
      );
      return POISON;
    }
    return item;
  }

  private condition(expr: ast.Expr, scope: Scope, naming: Naming): boolean | undefined {
    const cond = this.expr(expr, scope, naming);
    if (cond.kind === "bool") return cond.value;
    if (cond.kind !== "poison") this.error(expr.loc, `a condition must be a bool, got ${describe(cond)}`);
    return undefined;
  }

  private stage(stage: ast.Stage, input: Value, scope: Scope, naming: Naming): Value {
    return this.nested(stage.loc, () => this.runStage(stage, input, scope, naming));
  }

  private runStage(stage: ast.Stage, input: Value, scope: Scope, naming: Naming): Value {
    if (input.kind === "poison") return POISON;
    if (input.kind !== "tensor") {
      this.error(stage.loc, `only tensors can be piped with '->', got ${describe(input)}`);
      return POISON;
    }
    const chain = (stages: ast.Stage[], value: Value, inner: Scope) =>
      stages.reduce((v, s) => this.stage(s, v, inner, naming), value);
    switch (stage.kind) {
      case "call":
        return this.call(stage, input, scope, naming);
      case "if": {
        const cond = this.condition(stage.cond, scope, naming);
        if (cond === undefined) return POISON;
        const branch = cond ? stage.then : stage.else;
        return branch === undefined ? input : chain(branch, input, scope);
      }
      case "for": {
        const iterable = this.expr(stage.iterable, scope, naming);
        if (iterable.kind === "poison") return POISON;
        if (iterable.kind !== "list" && iterable.kind !== "tuple") {
          this.error(stage.iterable.loc, `'for' needs a list, a tuple or a range, got ${describe(iterable)}`);
          return POISON;
        }
        const running: RunningLoop = { loop: stage, iteration: 0 };
        this.loops.push(running);
        let value: Value = input;
        for (const [iteration, item] of iterable.items.entries()) {
          running.iteration = iteration;
          const inner = new Scope(scope);
          value = this.bindPattern(stage.pattern, item, inner) ? chain(stage.body, value, inner) : POISON;
          if (value.kind === "poison") break;
        }
        this.loops.pop();
        return value;
      }
    }
  }

  private bindPattern(pattern: ast.Pattern, value: Value, scope: Scope): boolean {
    if (pattern.kind === "bind") {
      this.defineName(scope, pattern.name, value);
      return true;
    }
    if ((value.kind !== "tuple" && value.kind !== "list") || value.items.length !== pattern.elements.length) {
      this.error(pattern.loc, `cannot unpack ${describe(value)} into ${pattern.elements.length} names`);
      return false;
    }
    return pattern.elements.every((p, i) => this.bindPattern(p, value.items[i]!, scope));
  }

  private call(call: ast.CallExpr, piped: Value | undefined, scope: Scope, naming: Naming): Value {
    const name = call.callee.name;
    const positional: Located[] = piped === undefined ? [] : [{ value: piped, loc: call.loc }];
    const keywords: Keyword[] = [];
    for (const arg of call.args) {
      const value = this.expr(arg.value, scope, naming);
      if (arg.name === undefined) positional.push({ value, loc: arg.value.loc });
      else keywords.push({ name: arg.name.name, nameLoc: arg.name.loc, value, loc: arg.value.loc });
    }
    if ([...positional, ...keywords].some((a) => a.value.kind === "poison")) return POISON;

    const layer = layers.get(name);
    const isPiped = piped !== undefined;
    if (layer !== undefined) return this.layerCall(layer, call, positional, keywords, naming, isPiped);
    // A call in a file that defined the block again is left out: its definition was refused, and
    // checking the call against the other one would report that one's errors as this call's.
    if (this.redefined.get(call.loc.file)?.has(name)) return POISON;
    const block = this.blocks.get(name);
    if (block !== undefined) return this.blockCall(block, call, positional, keywords, naming, isPiped);
    if ((valueFunctions as readonly string[]).includes(name)) {
      if (call.alias !== undefined) this.error(call.alias.loc, `only layers and blocks can be named with 'as'`);
      return this.valueFunction(name, call, positional, keywords);
    }
    this.unknownCallee(call.callee);
    return POISON;
  }

  private unknownCallee(callee: ast.Ident): void {
    const known = [...layers.keys(), ...this.blocks.keys(), ...valueFunctions];
    this.error(callee.loc, `unknown layer or block '${callee.name}'${suggestion(callee.name, known)}`);
  }

  /**
   * Reports, in a block that nothing expanded, each call of a name that is no layer, block or value
   * function: a body is elaborated only where it is called, and a library's typo would otherwise
   * wait for its first caller. (Names of values need a call's arguments, so they wait.)
   */
  checkUncalled(block: ast.BlockDecl): void {
    if (this.called.has(block.name.name)) return;
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== "object" || node === null) return;
      const call = node as Partial<ast.CallExpr>;
      if (call.kind === "call" && call.callee !== undefined) {
        const name = call.callee.name;
        const known = layers.has(name) || this.blocks.has(name) || (valueFunctions as readonly string[]).includes(name);
        if (!known) this.unknownCallee(call.callee);
      }
      Object.values(node).forEach(visit);
    };
    visit(block.body);
  }

  private layerCall(
    layer: OpFamily,
    call: ast.CallExpr,
    positional: Located[],
    keywords: Keyword[],
    naming: Naming,
    piped: boolean,
  ): Value {
    const signature = layer.layer!;
    const what = `layer '${signature.name}'`;
    const leadingTensors = positional.findIndex((a) => a.value.kind !== "tensor");
    const tensorCount =
      signature.tensors === "one" ? 1 : Math.max(1, leadingTensors < 0 ? positional.length : leadingTensors);
    const tensors = positional.slice(0, tensorCount);
    if (tensors.length === 0 || tensors.some((t) => t.value.kind !== "tensor")) {
      const got = tensors[0] === undefined ? "nothing" : describe(tensors[0].value);
      this.error(call.loc, `${what} needs a tensor as its first argument (or x -> ${signature.name}(...)), got ${got}`);
      return POISON;
    }
    const params: ParamSpec[] = signature.args.map((arg) => ({
      name: arg.name,
      type: layerTypes[arg.type],
      ...(arg.default === undefined
        ? {}
        : { default: isSameAs(arg.default) ? arg.default : constant(arg.default, arg.type) }),
    }));
    const written = { shift: tensors.length - (piped ? 1 : 0), piped };
    const bound = bindArgs({ what, params, written }, call.loc, positional.slice(tensors.length), keywords, this.diags);
    if (bound === undefined) return POISON;
    const args = new Map([...bound].map(([k, v]) => [k, toAttr(v)]));
    const attrs = layer.attrs?.(args) ?? {};
    const inputs = tensors.map((t) => (t.value as { node: number }).node);
    return this.opNode(layer.op, attrs, inputs, naming, signature.name, call.loc, call.alias, layer);
  }

  /** Adds an op node (and the parameters and state it owns), named after its kind or alias. */
  private opNode(
    op: string,
    attrs: Attrs,
    inputs: number[],
    naming: Naming,
    kind: string,
    loc: SourceLoc,
    alias?: ast.Ident,
    layer?: OpFamily,
  ): Value {
    const name = this.instanceName(naming, kind, alias);
    const owned = (layer?.owned?.(attrs) ?? []).map((tensor) =>
      this.addNode(
        tensor.kind === "param"
          ? {
              op: "param",
              name: `${name}.${tensor.role}`,
              inputs: [],
              shape: [],
              loc,
              param: {
                role: tensor.role,
                init: tensor.init ?? { kind: "default" },
                decay: true,
                lrMult: 1,
                frozen: false,
              },
            }
          : { op: "state", name: `${name}.${tensor.role}`, inputs: [], shape: [], loc, fill: tensor.fill ?? 0 },
      ),
    );
    return { kind: "tensor", node: this.addNode({ op, name, inputs: [...inputs, ...owned], shape: [], loc, attrs }) };
  }

  private instanceName(naming: Naming, kind: string, alias: ast.Ident | undefined): string {
    if (alias !== undefined) return join(naming.prefix, alias.name);
    const count = (naming.counters.get(kind) ?? 0) + 1;
    naming.counters.set(kind, count);
    return join(naming.prefix, `${kind}${count}`);
  }

  private blockCall(
    block: ast.BlockDecl,
    call: ast.CallExpr,
    positional: Located[],
    keywords: Keyword[],
    naming: Naming,
    piped: boolean,
  ): Value {
    const what = `block '${block.name.name}'`;
    if (this.expanding.includes(block.name.name)) {
      const cycle = [...this.expanding.slice(this.expanding.indexOf(block.name.name)), block.name.name].join(" -> ");
      this.error(call.callee.loc, `block '${block.name.name}' instantiates itself (${cycle})`);
      return POISON;
    }
    // A header with errors has been reported; its calls are left out.
    const params = this.signatures.get(block.name.name);
    if (params === undefined) return POISON;
    const written = { shift: piped ? -1 : 0, piped };
    const bound = bindArgs({ what, params, written }, call.loc, positional, keywords, this.diags);
    if (bound === undefined) return POISON;

    this.called.add(block.name.name);
    const instance = this.instanceName(naming, block.name.name, call.alias);
    const scope = new Scope(undefined, new Set(block.unreadableNames));
    block.params!.forEach((p) => scope.define(p.name.name, { value: bound.get(p.name.name)!, loc: p.name.loc }));
    this.expanding.push(block.name.name);
    const outer = this.calledFrom;
    this.calledFrom = [{ loc: call.callee.loc, message: `in block '${block.name.name}' called here` }, ...outer];
    const out = this.body(block, scope, instance, what, block.name.loc);
    this.calledFrom = outer;
    this.expanding.pop();
    return out ?? POISON;
  }

  private typeOf(type: ast.TypeExpr): ValueType | undefined {
    switch (type.kind) {
      case "named": {
        const names = ["int", "float", "bool", "str", "tensor"] as const;
        const found = names.find((n) => n === type.name.name);
        if (found === undefined) {
          this.error(type.loc, `unknown type '${type.name.name}'${suggestion(type.name.name, names)}`);
        }
        return found;
      }
      case "list": {
        const element = this.typeOf(type.element);
        return element === undefined ? undefined : { list: element };
      }
      case "tuple": {
        const elements = type.elements.map((t) => this.typeOf(t));
        return elements.every((t) => t !== undefined) ? { tuple: elements as ValueType[] } : undefined;
      }
    }
  }

  private valueFunction(name: string, call: ast.CallExpr, positional: Located[], keywords: Keyword[]): Value {
    if (keywords.length > 0) {
      this.error(keywords[0]!.nameLoc, `'${name}' takes no keyword arguments`);
      return POISON;
    }
    const want = name === "zip" ? 2 : 1;
    if (positional.length !== want) {
      this.error(call.loc, `'${name}' takes ${want} argument${want === 1 ? "" : "s"}, got ${positional.length}`);
      return POISON;
    }
    const lists: Value[][] = [];
    for (const arg of positional) {
      if (arg.value.kind !== "list" && arg.value.kind !== "tuple") {
        this.error(arg.loc, `'${name}' needs a list, got ${describe(arg.value)}`);
        return POISON;
      }
      lists.push(arg.value.items);
    }
    const [first, second] = lists as [Value[], Value[] | undefined];
    switch (name) {
      case "len":
        return { kind: "int", value: first.length };
      case "enumerate":
        return {
          kind: "list",
          items: first.map((item, i) => ({ kind: "tuple", items: [{ kind: "int", value: i }, item] })),
        };
      default: {
        const length = Math.min(first.length, second!.length);
        return {
          kind: "list",
          items: first.slice(0, length).map((item, i) => ({ kind: "tuple", items: [item, second![i]!] })),
        };
      }
    }
  }

  /** Reports an error, with the calls of the blocks it sits in as notes. */
  private error(loc: SourceLoc, message: string, notes: Note[] = []): void {
    this.diags.error(loc, message, [...notes, ...this.calledFrom]);
  }

  /** Where a clashing name was taken: by an earlier iteration of a loop around the same layer, or elsewhere. */
  private takenBy(earlier: TakenName, loc: SourceLoc): Note {
    if (samePlace(earlier.loc, loc)) {
      for (const [k, then] of earlier.loops.entries()) {
        const now = this.loops[k];
        if (now?.loop !== then.loop) break;
        if (now.iteration !== then.iteration) {
          return { loc: then.loop.loc, message: `taken by iteration ${then.iteration + 1} of this loop` };
        }
      }
    }
    return { loc: earlier.loc, message: "taken here" };
  }

  private addNode(node: NewNode): number {
    const earlier = this.nodeNames.get(node.name);
    if (earlier !== undefined && node.op !== "param" && node.op !== "state") {
      this.diags.error(node.loc, `the name '${node.name}' is already taken`, [this.takenBy(earlier, node.loc)]);
    }
    this.nodeNames.set(node.name, { loc: node.loc, loops: this.loops.map((running) => ({ ...running })) });
    const id = this.nodes.length;
    this.nodes.push({ ...node, id, calledFrom: this.calledFrom } as Node);
    return id;
  }
}

/** The same place in the source. */
function samePlace(a: SourceLoc, b: SourceLoc): boolean {
  return a.file === b.file && a.line === b.line && a.col === b.col;
}

function join(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

function isSameAs(value: LayerArg["default"]): value is { sameAs: string } {
  return typeof value === "object" && "sameAs" in value;
}

/** A layer argument's default as a value of the argument's declared type. */
function constant(value: number | boolean | string | readonly number[], type: LayerArg["type"]): Value {
  if (typeof value === "boolean") return { kind: "bool", value };
  if (typeof value === "string") return { kind: "str", value };
  if (typeof value === "number") return { kind: type === "float" ? "float" : "int", value };
  return { kind: "tuple", items: value.map((v) => ({ kind: "int", value: v })) };
}

/** The type a default value gives an unannotated block parameter. */
function inferType(value: Value): ValueType | undefined {
  switch (value.kind) {
    case "int":
    case "float":
    case "bool":
    case "str":
    case "tensor":
      return value.kind;
    case "tuple":
    case "list": {
      const items = value.items.map(inferType);
      if (items.some((t) => t === undefined)) return undefined;
      return value.kind === "tuple" ? { tuple: items as ValueType[] } : { list: items[0] ?? "int" };
    }
    default:
      return undefined;
  }
}
