// CST → AST. After a syntax error Chevrotain's recovery leaves parts of the CST missing or skips
// tokens. An item without its name, and a statement, setting or param rule with any such damage, is
// left out of the AST (its error is already reported), so later phases still see well-formed nodes
// for everything that did parse. The body, train section or file around the damage is marked
// incomplete, with the names its unreadable text seems to define, so that later phases report
// nothing that merely follows from the syntax error: no unknown name, no missing 'out' or setting.

import type { CstElement, CstNode, IToken } from "chevrotain";
import {
  Colon,
  Equals,
  False,
  Identifier,
  isInteger,
  NumberLiteral,
  numberValue,
  StringLiteral,
  stringValue,
  tokenWidth,
  True,
} from "../../grammar/tokens.js";
import type { Diagnostics, SourceLoc } from "../diagnostics.js";
import type * as ast from "./ast.js";

/** `tokens`: every token the lexer produced, in order, to tell which ones recovery skipped. */
export function toAst(cst: CstNode, file: string, tokens: IToken[], diags: Diagnostics): ast.SourceFile {
  const builder = new AstBuilder(file, tokens, diags);
  return {
    file,
    items: builder.complete(nodes(cst, "item"), (item) => builder.item(item)),
    incomplete: builder.damaged(cst),
  };
}

/** Thrown when a CST node lacks a child that recovery skipped; caught where a piece can be dropped. */
class MissingPiece extends Error {}

class AstBuilder {
  /** The start offset of every token of the file, ascending. */
  private readonly tokenOffsets: number[];

  constructor(
    private readonly file: string,
    private readonly tokens: IToken[],
    private readonly diags: Diagnostics,
  ) {
    this.tokenOffsets = tokens.map((t) => t.startOffset);
  }

  /**
   * Whether a syntax error left these CST elements incomplete: recovery gave up inside them,
   * inserted a token they lacked, or skipped tokens among them.
   */
  damaged(...elements: CstElement[]): boolean {
    const { parsed, recovered } = readTokens(elements);
    return recovered || this.tokensAcross(parsed).length > parsed.length;
  }

  /** The tokens of the file from the first of `parsed` to the last, skipped ones included. */
  private tokensAcross(parsed: IToken[]): IToken[] {
    const first = parsed.reduce((min, t) => Math.min(min, t.startOffset), Infinity);
    const last = parsed.reduce((max, t) => Math.max(max, t.startOffset), -Infinity);
    return this.tokens.slice(firstAtOrAfter(this.tokenOffsets, first), firstAtOrAfter(this.tokenOffsets, last + 1));
  }

  /** Converts each node that a syntax error left undamaged. */
  private undamaged<T>(cstNodes: CstNode[], convert: (node: CstNode) => T): T[] {
    return this.complete(
      cstNodes.filter((node) => !this.damaged(node)),
      convert,
    );
  }

  /** Converts each node, leaving out those that recovery left without a piece they need. */
  complete<T>(cstNodes: CstNode[], convert: (node: CstNode) => T): T[] {
    const converted: T[] = [];
    for (const node of cstNodes) {
      try {
        converted.push(convert(node));
      } catch (error) {
        if (!(error instanceof MissingPiece)) throw error;
      }
    }
    return converted;
  }

  item(item: CstNode): ast.Item {
    const node = required(nodes(item, "import", "block", "model", "train")[0]);
    const loc = this.loc(firstToken(node));
    switch (node.name) {
      case "import":
        return { kind: "import", path: stringValue(token(node, "StringLiteral").image), loc };
      case "block": {
        const header = Object.entries(node.children).flatMap(([key, elements]) => (key === "body" ? [] : elements));
        return {
          kind: "block",
          name: this.ident(token(node, "Identifier")),
          ...(!this.damaged(...header) && { params: nodes(node, "param").map((p) => this.param(p)) }),
          ...this.body(optionalChild(node, "body")),
          loc,
        };
      }
      case "model":
        return {
          kind: "model",
          name: this.ident(token(node, "Identifier")),
          ...this.body(optionalChild(node, "body")),
          loc,
        };
      default:
        return {
          kind: "train",
          settings: this.settings(node),
          paramRules: this.undamaged(nodes(node, "paramRule"), (rule) => {
            const pattern = token(rule, "StringLiteral");
            return {
              pattern: stringValue(pattern.image),
              patternLoc: this.loc(pattern),
              settings: this.settings(rule),
              loc: this.loc(token(rule, "Param")),
            };
          }),
          incomplete: this.damaged(node),
          loc,
        };
    }
  }

  private settings(node: CstNode): ast.Setting[] {
    return this.undamaged(nodes(node, "setting"), (setting) => {
      const key = this.ident(token(setting, "Identifier"));
      return { key, value: this.expr(child(setting, "expr")), loc: key.loc };
    });
  }

  private param(node: CstNode): ast.ParamDecl {
    const name = this.ident(token(node, "Identifier"));
    const typeNode = optionalChild(node, "type");
    const defaultNode = optionalChild(node, "expr");
    if (typeNode === undefined && defaultNode === undefined) {
      this.diags.error(name.loc, `parameter '${name.name}' needs a type or a default, e.g. '${name.name}: int'`);
    }
    return {
      name,
      ...(typeNode && { type: this.type(typeNode) }),
      ...(defaultNode && { default: this.expr(defaultNode) }),
      loc: name.loc,
    };
  }

  private type(node: CstNode): ast.TypeExpr {
    const loc = this.loc(firstToken(node));
    const elements = nodes(node, "element").map((element) => this.type(element));
    if (optionalToken(node, "LBracket")) return { kind: "list", element: elements[0] ?? missing(), loc };
    if (optionalToken(node, "LParen")) return { kind: "tuple", elements, loc };
    return { kind: "named", name: this.ident(token(node, "Identifier")), loc };
  }

  private body(node: CstNode | undefined): ast.Body {
    if (node === undefined) return { body: [], incomplete: true, unreadableNames: [] };
    const incomplete = this.damaged(node);
    return {
      body: this.undamaged(nodes(node, "stmt"), (stmt) => this.stmt(stmt)),
      incomplete,
      unreadableNames: incomplete ? this.definedNames(node) : [],
    };
  }

  /** Every name in the node's text that is followed by '=' or ':', as a name being defined is. */
  private definedNames(node: CstNode): string[] {
    return this.tokensAcross(readTokens([node]).parsed).flatMap((t, i, inNode) => {
      const next = inNode[i + 1]?.tokenType;
      return t.tokenType === Identifier && (next === Equals || next === Colon) ? [t.image] : [];
    });
  }

  private stmt(node: CstNode): ast.Stmt {
    const loc = this.loc(firstToken(node));
    const shape = optionalChild(node, "shape");
    if (optionalToken(node, "Input")) {
      return { kind: "input", name: this.ident(token(node, "Identifier")), shape: this.shape(required(shape)), loc };
    }
    const value = this.expr(child(node, "expr"));
    if (optionalToken(node, "Out")) return { kind: "out", value, loc };
    return {
      kind: "let",
      name: this.ident(token(node, "Identifier")),
      ...(shape && { shape: this.shape(shape) }),
      value,
      loc,
    };
  }

  private shape(node: CstNode): ast.ShapeExpr {
    const loc = this.loc(token(node, "LBracket"));
    const dims = nodes(node, "dimension").map((d) => this.expr(d));
    if (dims.length === 0) this.diags.error(loc, "a shape needs at least one dimension, e.g. [N, 10]");
    return { dims, loc };
  }

  private expr(node: CstNode): ast.Expr {
    const source = this.orExpr(child(node, "orExpr"));
    const stages = nodes(node, "stage").map((s) => this.stage(s));
    if (stages.length === 0) return source;
    return { kind: "pipe", source, stages, loc: this.loc(firstToken(node)) };
  }

  private stage(node: CstNode): ast.Stage {
    const call = optionalChild(node, "call");
    if (call) return this.call(call, "callee");
    const forStage = optionalChild(node, "forStage");
    if (forStage) {
      return {
        kind: "for",
        pattern: this.pattern(child(forStage, "pattern")),
        iterable: this.iterable(child(forStage, "iterable")),
        body: this.stages(child(forStage, "stages")),
        loc: this.loc(token(forStage, "For")),
      };
    }
    const ifStage = child(node, "ifStage");
    const elseStages = optionalChild(ifStage, "else");
    return {
      kind: "if",
      cond: this.expr(child(ifStage, "condition")),
      then: this.stages(child(ifStage, "then")),
      ...(elseStages && { else: this.stages(elseStages) }),
      loc: this.loc(token(ifStage, "If")),
    };
  }

  private stages(node: CstNode): ast.Stage[] {
    return nodes(node, "stage").map((s) => this.stage(s));
  }

  /** A call node of the `call` rule (callee labelled) or a `primary` with arguments (plain name). */
  private call(node: CstNode, calleeKey: string): ast.CallExpr {
    const callee = this.ident(token(node, calleeKey));
    const argsNode = optionalChild(node, "args");
    const alias = optionalToken(node, "alias");
    return {
      kind: "call",
      callee,
      args: argsNode ? nodes(argsNode, "arg").map((a) => this.arg(a)) : [],
      ...(alias && { alias: this.ident(alias) }),
      loc: callee.loc,
    };
  }

  private arg(node: CstNode): ast.Arg {
    const nameToken = optionalToken(node, "name");
    const value = this.expr(child(node, "expr"));
    const name = nameToken && this.ident(nameToken);
    return { ...(name && { name }), value, loc: name?.loc ?? this.loc(firstToken(node)) };
  }

  private iterable(node: CstNode): ast.Expr {
    const start = this.addExpr(child(node, "start"));
    const end = optionalChild(node, "end");
    if (end === undefined) return start;
    return { kind: "range", start, end: this.addExpr(end), loc: this.loc(firstToken(node)) };
  }

  private pattern(node: CstNode): ast.Pattern {
    const elements = nodes(node, "pattern");
    if (elements.length === 0) {
      const name = this.ident(token(node, "Identifier"));
      return { kind: "bind", name, loc: name.loc };
    }
    return { kind: "tuple", elements: elements.map((e) => this.pattern(e)), loc: this.loc(token(node, "LParen")) };
  }

  private orExpr(node: CstNode): ast.Expr {
    return this.leftAssociative(node, "andExpr", "Or", (n) => this.andExpr(n));
  }

  private andExpr(node: CstNode): ast.Expr {
    return this.leftAssociative(node, "notExpr", "And", (n) => this.notExpr(n));
  }

  private notExpr(node: CstNode): ast.Expr {
    const not = optionalToken(node, "Not");
    if (not) return { kind: "unary", op: "not", operand: this.notExpr(child(node, "notExpr")), loc: this.loc(not) };
    const comparison = child(node, "cmpExpr");
    const [, second] = tokens(comparison, "ComparisonOperator");
    if (second) {
      this.diags.error(this.loc(second), `comparisons do not chain: write 'a < b and b < c' instead of 'a < b < c'`);
      return recovered(this.loc(firstToken(comparison)));
    }
    return this.leftAssociative(comparison, "addExpr", "ComparisonOperator", (n) => this.addExpr(n));
  }

  private addExpr(node: CstNode): ast.Expr {
    return this.leftAssociative(node, "mulExpr", "AdditiveOperator", (n) => this.mulExpr(n));
  }

  private mulExpr(node: CstNode): ast.Expr {
    return this.leftAssociative(node, "unary", "MultiplicativeOperator", (n) => this.unary(n));
  }

  /** `a op b op c` as `(a op b) op c`; every node is located at the first token of `a`, and its operator too. */
  private leftAssociative(
    node: CstNode,
    operandKey: string,
    operatorKey: string,
    convert: (operand: CstNode) => ast.Expr,
  ): ast.Expr {
    const [first, ...rest] = nodes(node, operandKey).map(convert);
    if (first === undefined) missing();
    const operators = tokens(node, operatorKey);
    if (rest.length === 0) return first;
    const loc = this.loc(firstToken(node));
    return rest.reduce<ast.Expr>((left, right, i) => {
      const operator = operators[i]!;
      return { kind: "binary", op: operator.image as ast.BinaryOp, left, right, loc, opLoc: this.loc(operator) };
    }, first);
  }

  private unary(node: CstNode): ast.Expr {
    const minus = optionalToken(node, "Minus");
    if (minus) {
      const operand = this.unary(child(node, "unary"));
      const loc = this.loc(minus);
      // The caret marks the minus and what it negates, `-1`, where they share a line.
      if (operand.loc.line === loc.line) loc.length = operand.loc.col + operand.loc.length - loc.col;
      return { kind: "unary", op: "-", operand, loc };
    }
    const postfix = child(node, "postfix");
    const loc = this.loc(firstToken(postfix));
    return nodes(postfix, "index").reduce<ast.Expr>(
      (target, index) => ({ kind: "index", target, index: this.expr(index), loc }),
      this.primary(child(postfix, "primary")),
    );
  }

  private primary(node: CstNode): ast.Expr {
    const first = firstToken(node);
    const loc = this.loc(first);
    switch (first.tokenType) {
      case NumberLiteral:
        return { kind: "number", value: numberValue(first.image), isInt: isInteger(first.image), loc };
      case StringLiteral:
        return { kind: "string", value: stringValue(first.image), loc };
      case True:
      case False:
        return { kind: "bool", value: first.tokenType === True, loc };
      case Identifier:
        return optionalChild(node, "args") ? this.call(node, "Identifier") : { kind: "name", name: first.image, loc };
    }
    const parenthesised = optionalChild(node, "parenthesised");
    if (parenthesised) {
      const elements = nodes(parenthesised, "element").map((e) => this.expr(e));
      const isTuple = tokens(parenthesised, "Comma").length > 0;
      return isTuple ? { kind: "tuple", elements, loc } : (elements[0] ?? missing());
    }
    const list = optionalChild(node, "list");
    if (list) return { kind: "list", elements: nodes(list, "element").map((e) => this.expr(e)), loc };
    return this.ifExpr(child(node, "ifExpr"));
  }

  private ifExpr(node: CstNode): ast.Expr {
    const elseIf = optionalChild(node, "elseIf");
    return {
      kind: "if",
      cond: this.expr(child(node, "condition")),
      then: this.expr(child(node, "then")),
      else: elseIf ? this.ifExpr(elseIf) : this.expr(child(node, "else")),
      loc: this.loc(token(node, "If")),
    };
  }

  private ident(token: IToken): ast.Ident {
    return { name: token.image, loc: this.loc(token) };
  }

  private loc(token: IToken): SourceLoc {
    return { file: this.file, line: token.startLine!, col: token.startColumn!, length: tokenWidth(token) };
  }
}

/** The tokens the parser read in `elements`, and whether recovery gave up in them or inserted a token. */
function readTokens(elements: CstElement[]): { parsed: IToken[]; recovered: boolean } {
  const parsed: IToken[] = [];
  let recovered = false;
  const visit = (element: CstElement): void => {
    if (!isToken(element)) {
      recovered ||= element.recoveredNode === true;
      Object.values(element.children).flat().forEach(visit);
    } else if (element.isInsertedInRecovery) {
      recovered = true;
    } else {
      parsed.push(element);
    }
  };
  elements.forEach(visit);
  return { parsed, recovered };
}

function recovered(loc: SourceLoc): ast.Expr {
  return { kind: "recovered", loc };
}

/** The index of the first of the ascending `offsets` at or after `offset`. */
function firstAtOrAfter(offsets: number[], offset: number): number {
  let [low, high] = [0, offsets.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function missing(): never {
  throw new MissingPiece();
}

function required<T>(value: T | undefined): T {
  return value ?? missing();
}

function isToken(element: CstElement): element is IToken {
  return "image" in element;
}

/** Tokens invented by recovery have no text or position, so they count as missing. */
function tokens(node: CstNode, key: string): IToken[] {
  return (node.children[key] ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery);
}

function optionalToken(node: CstNode, key: string): IToken | undefined {
  return tokens(node, key)[0];
}

function token(node: CstNode, key: string): IToken {
  return required(optionalToken(node, key));
}

function nodes(node: CstNode, ...keys: string[]): CstNode[] {
  return keys.flatMap((key) => (node.children[key] ?? []).filter((e): e is CstNode => !isToken(e)));
}

function optionalChild(node: CstNode, key: string): CstNode | undefined {
  return nodes(node, key)[0];
}

function child(node: CstNode, key: string): CstNode {
  return required(optionalChild(node, key));
}

function startOffset(element: CstElement): number {
  return isToken(element) ? element.startOffset : element.location!.startOffset;
}

/** The node's first real token (the loc of binary, pipe and index nodes). */
function firstToken(node: CstNode): IToken {
  const elements = Object.values(node.children)
    .flat()
    .filter((e) => !Number.isNaN(startOffset(e)));
  if (elements.length === 0) missing();
  const first = elements.reduce((a, b) => (startOffset(b) < startOffset(a) ? b : a));
  return isToken(first) ? first : firstToken(first);
}
