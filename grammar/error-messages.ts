// Short, located-friendly syntax error messages in place of Chevrotain's defaults, e.g.
// `expected ')' to close the argument list of 'conv' but found 'relu'`. A missing closing bracket
// is explained by finding its unmatched opening bracket in the token stream and what precedes it.

import { EOF, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as t from "./tokens.js";

const TOP_LEVEL_ITEMS = "'import', 'block', 'model' or 'train'";

export class SyntaxErrorMessages implements IParserErrorMessageProvider {
  /** The tokens being parsed; set by the parser before each parse. */
  tokens: readonly IToken[] = [];

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken }): string {
    const { expected, actual, previous } = options;
    const keyword = this.misplacedKeyword(actual, previous);
    if (keyword !== undefined) return keyword;
    // Expecting EOF means a top-level repetition stopped at a token that cannot start an item
    // (and `previous` is where recovery skipped to, so it is not mentioned).
    if (expected === EOF) return this.expected(TOP_LEVEL_ITEMS, actual, undefined);
    const closing = closingBrackets.get(expected);
    const opener = closing === undefined ? undefined : this.describeOpener(closing, actual);
    if (opener !== undefined) return this.found(`expected ${label(expected)} to close ${opener}`, actual);
    return this.expected(label(expected), actual, previous);
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken }): string {
    return this.expected(TOP_LEVEL_ITEMS, options.firstRedundant, undefined);
  }

  // Every OR and AT_LEAST_ONE in the grammar has an ERR_MSG, which arrives as customUserDescription.
  buildNoViableAltMessage(options: { actual: IToken[]; previous: IToken; customUserDescription?: string }): string {
    return this.expected(options.customUserDescription!, options.actual[0]!, options.previous);
  }

  buildEarlyExitMessage(options: { actual: IToken[]; previous: IToken; customUserDescription?: string }): string {
    return this.expected(options.customUserDescription!, options.actual[0]!, options.previous);
  }

  private expected(what: string, actual: IToken, previous: IToken | undefined): string {
    const keyword = this.misplacedKeyword(actual, previous);
    if (keyword !== undefined) return keyword;
    // Before the first token, Chevrotain's previous token is EOF.
    const after = previous === undefined || previous.tokenType === EOF ? "" : ` after ${quote(previous)}`;
    return this.found(`expected ${what}${after}`, actual);
  }

  private found(expectation: string, actual: IToken): string {
    return actual.tokenType === EOF
      ? `unexpected end of file: ${expectation}`
      : `${expectation} but found ${quote(actual)}`;
  }

  /** What is wrong with a keyword found where it cannot stand, or undefined for any other token. */
  private misplacedKeyword(actual: IToken, previous: IToken | undefined): string | undefined {
    if (this.isMisplacedAs(actual)) return MISPLACED_AS;
    if (this.isKeywordUsedAsName(actual, previous))
      return `'${actual.image}' is a keyword and cannot be used as a name`;
    return undefined;
  }

  /** `block in(...)`, `in = 1`, `in: int`: a reserved word where a name was meant. */
  private isKeywordUsedAsName(actual: IToken, previous: IToken | undefined): boolean {
    if (!tokenMatcher(actual, t.Keyword)) return false;
    const next = this.tokens[this.indexOf(actual) + 1];
    const namesFollow = [t.Block, t.Model, t.As].some((type) => previous !== undefined && tokenMatcher(previous, type));
    const nameIsDefined = next !== undefined && (tokenMatcher(next, t.Equals) || tokenMatcher(next, t.Colon));
    return namesFollow || nameIsDefined;
  }

  /**
   * `y = x as foo`: 'as' after something other than a call. (Chevrotain's `previous` can be the
   * token itself after recovery, so the token before it is looked up; after 'as' itself, 'as' is a
   * keyword used as a name.)
   */
  private isMisplacedAs(actual: IToken): boolean {
    const before = this.tokens[this.indexOf(actual) - 1];
    return tokenMatcher(actual, t.As) && before !== undefined && !tokenMatcher(before, t.As);
  }

  private indexOf(token: IToken): number {
    const index = this.tokens.indexOf(token);
    return index === -1 ? this.tokens.length : index;
  }

  /** What the bracket that `actual` should have closed belongs to, e.g. "block 'residual'". */
  private describeOpener(brackets: BracketPair, actual: IToken): string | undefined {
    const at = this.findOpener(brackets, this.indexOf(actual));
    if (at === -1) return undefined;
    const before = (n: number) => this.tokens[at - n];
    const is = (token: IToken | undefined, type: TokenType) => token !== undefined && tokenMatcher(token, type);
    const opener = this.tokens[at]!;
    const generic = `the '${opener.image}' on line ${opener.startLine}`;

    if (brackets.open === t.LParen) {
      const callee = before(1);
      if (callee === undefined || !is(callee, t.Identifier)) return generic;
      return is(before(2), t.Block)
        ? `the parameter list of block '${callee.image}'`
        : `the argument list of '${callee.image}'`;
    }
    if (brackets.open !== t.LBrace) return generic;
    const owner = before(1);
    if (owner === undefined) return generic;
    if (is(owner, t.Train)) return "the train section";
    if (is(owner, t.Else)) return "the 'else' branch";
    if (is(owner, t.StringLiteral) && is(before(2), t.Param)) return `param rule ${owner.image}`;
    if (is(owner, t.Identifier) && is(before(2), t.Model)) return `model '${owner.image}'`;
    if (is(owner, t.RParen)) {
      const parameters = this.findOpener(parentheses, at - 1);
      const name = this.tokens[parameters - 1];
      if (name !== undefined && is(name, t.Identifier) && is(this.tokens[parameters - 2], t.Block)) {
        return `block '${name.image}'`;
      }
    }
    const keyword = this.enclosingKeyword(at);
    if (keyword === t.For) return "the 'for' body";
    if (keyword === t.If) return "the 'if' branch";
    return generic;
  }

  /** Index of the unmatched opening bracket before index `end`, or -1. */
  private findOpener(brackets: BracketPair, end: number): number {
    let depth = 0;
    for (let i = end - 1; i >= 0; i--) {
      const token = this.tokens[i]!;
      if (tokenMatcher(token, brackets.close)) depth++;
      else if (tokenMatcher(token, brackets.open) && depth-- === 0) return i;
    }
    return -1;
  }

  /** The `for` or `if` that owns the `{` at `brace`, skipping its balanced condition or iterable. */
  private enclosingKeyword(brace: number): TokenType | undefined {
    let depth = 0;
    for (let i = brace - 1; i >= 0; i--) {
      const type = this.tokens[i]!.tokenType;
      if (type === t.RParen || type === t.RBracket) depth++;
      else if (type === t.LParen || type === t.LBracket) depth--;
      else if (type === t.LBrace || type === t.RBrace) return undefined;
      else if (depth === 0 && (type === t.For || type === t.If)) return type;
    }
    return undefined;
  }
}

interface BracketPair {
  open: TokenType;
  close: TokenType;
}

const parentheses: BracketPair = { open: t.LParen, close: t.RParen };
const closingBrackets = new Map<TokenType, BracketPair>([
  [t.RParen, parentheses],
  [t.RBracket, { open: t.LBracket, close: t.RBracket }],
  [t.RBrace, { open: t.LBrace, close: t.RBrace }],
]);

const MISPLACED_AS = "'as' names a layer or block call, as in 'conv(8, 3) as c'; to name a tensor, write 'c = x'";

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function quote(token: IToken): string {
  return token.tokenType === t.StringLiteral ? token.image : `'${token.image}'`;
}
