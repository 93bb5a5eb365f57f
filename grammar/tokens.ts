// Tokens of the `.net` language and the lexer. Whitespace and newlines are insignificant; `#` starts
// a comment that runs to the end of the line.

import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";

const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
});

// Deliberately lenient: a string without its closing quote and a number such as `1.2.3`, `3x` or
// `.5` are still single tokens, so the parser carries on normally and `tokenize` reports one clear problem.
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\.)*"?/,
  label: "a string",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /\.?\d(?:[eE][+-]?\d|\.\d|\w)*/,
  label: "a number",
});

/** Category of every reserved word, so that "a keyword where a name belongs" can be recognised. */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });

function keyword(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: Keyword,
    label: `'${word}'`,
  });
}

export const Import = keyword("import");
export const Block = keyword("block");
export const Model = keyword("model");
export const Train = keyword("train");
export const Param = keyword("param");
export const Input = keyword("input");
export const Out = keyword("out");
export const For = keyword("for");
export const In = keyword("in");
export const If = keyword("if");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const True = keyword("true");
export const False = keyword("false");
export const As = keyword("as");

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return createToken({ name, pattern: new RegExp(escaped), label: `'${text}'`, categories });
}

// Operator categories let each precedence level consume "any of its operators" as one token kind,
// which keeps the operators in source order in the syntax tree.
export const ComparisonOperator = createToken({ name: "ComparisonOperator", pattern: Lexer.NA });
export const AdditiveOperator = createToken({ name: "AdditiveOperator", pattern: Lexer.NA });
export const MultiplicativeOperator = createToken({ name: "MultiplicativeOperator", pattern: Lexer.NA });

export const LParen = punctuation("LParen", "(");
export const RParen = punctuation("RParen", ")");
export const LBracket = punctuation("LBracket", "[");
export const RBracket = punctuation("RBracket", "]");
export const LBrace = punctuation("LBrace", "{");
export const RBrace = punctuation("RBrace", "}");
export const Comma = punctuation("Comma", ",");
export const Colon = punctuation("Colon", ":");
export const Arrow = punctuation("Arrow", "->");
export const DotDot = punctuation("DotDot", "..");
export const EqualEqual = punctuation("EqualEqual", "==", [ComparisonOperator]);
export const NotEqual = punctuation("NotEqual", "!=", [ComparisonOperator]);
export const LessEqual = punctuation("LessEqual", "<=", [ComparisonOperator]);
export const Less = punctuation("Less", "<", [ComparisonOperator]);
export const GreaterEqual = punctuation("GreaterEqual", ">=", [ComparisonOperator]);
export const Greater = punctuation("Greater", ">", [ComparisonOperator]);
export const Equals = punctuation("Equals", "=");
export const Plus = punctuation("Plus", "+", [AdditiveOperator]);
export const Minus = punctuation("Minus", "-", [AdditiveOperator]);
export const Star = punctuation("Star", "*", [MultiplicativeOperator]);
export const SlashSlash = punctuation("SlashSlash", "//", [MultiplicativeOperator]);
export const Slash = punctuation("Slash", "/", [MultiplicativeOperator]);
export const Percent = punctuation("Percent", "%", [MultiplicativeOperator]);

/** Every token type, in lexing priority order (longer punctuation before its prefixes). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  NumberLiteral,
  Keyword,
  Import,
  Block,
  Model,
  Train,
  Param,
  Input,
  Out,
  For,
  In,
  If,
  Else,
  And,
  Or,
  Not,
  True,
  False,
  As,
  Identifier,
  ComparisonOperator,
  AdditiveOperator,
  MultiplicativeOperator,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Arrow,
  DotDot,
  EqualEqual,
  NotEqual,
  LessEqual,
  Less,
  GreaterEqual,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  SlashSlash,
  Slash,
  Percent,
];

// Line breaks are `\r\n`, `\n` and `\r`, the same as the source excerpts in diagnostics.
const lexer = new Lexer(allTokens, {
  lineTerminatorsPattern: /\r\n?|\n/g,
  lineTerminatorCharacters: ["\r", "\n"],
});

/** A lexical error, located by 0-based offset (UTF-16 units) and 1-based line and column (code points). */
export interface LexicalProblem {
  offset: number;
  line: number;
  column: number;
  length: number;
  message: string;
}

export interface Tokenized {
  tokens: IToken[];
  problems: LexicalProblem[];
}

export function tokenize(text: string): Tokenized {
  const result = lexer.tokenize(text);
  // Chevrotain counts columns in UTF-16 units; an emoji is one column, not two.
  const column = codePointColumns(text);
  for (const token of result.tokens) {
    token.startColumn = column(token.startOffset);
    token.endColumn = column(token.endOffset!);
  }
  const problems: LexicalProblem[] = result.errors.map((error) => ({
    offset: error.offset,
    line: error.line ?? 1,
    column: column(error.offset),
    // Chevrotain reports a run of unrecognised characters as one error; name its first character.
    length: 1,
    message: `unexpected character '${characterAt(text, error.offset)}'`,
  }));
  for (const token of result.tokens) {
    const message = literalProblem(token);
    if (message !== undefined) {
      problems.push({
        offset: token.startOffset,
        line: token.startLine!,
        column: token.startColumn!,
        length: tokenWidth(token),
        message,
      });
    }
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { tokens: result.tokens, problems };
}

/** A token's width in columns; tokens never span lines. */
export function tokenWidth(token: IToken): number {
  return token.endColumn! - token.startColumn! + 1;
}

/** The 1-based column of each UTF-16 offset, counted in code points from the start of its line. */
function codePointColumns(text: string): (offset: number) => number {
  const columns: number[] = [];
  let column = 1;
  for (let offset = 0; offset < text.length; offset++) {
    columns.push(column);
    const unit = text.charCodeAt(offset);
    const isLineBreak = unit === 0x0a || (unit === 0x0d && text[offset + 1] !== "\n");
    const isHighSurrogate = unit >= 0xd800 && unit <= 0xdbff;
    if (isLineBreak) column = 1;
    else if (!isHighSurrogate) column++;
  }
  columns.push(column);
  return (offset) => columns[offset]!;
}

const WELL_FORMED_NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function literalProblem(token: IToken): string | undefined {
  const image = token.image;
  if (token.tokenType === NumberLiteral) {
    if (image.startsWith(".") && WELL_FORMED_NUMBER.test(`0${image}`)) return `write '0${image}' for '${image}'`;
    if (!WELL_FORMED_NUMBER.test(image)) return `malformed number '${image}' (numbers look like 42, 0.5 or 1e-3)`;
    if (Number.isNaN(numberValue(image))) {
      return isInteger(image)
        ? `integer '${image}' is too large (the largest is ${Number.MAX_SAFE_INTEGER})`
        : `number '${image}' is too large`;
    }
  }
  if (token.tokenType === StringLiteral) {
    if (!isClosed(image)) return `unterminated string: add a closing '"' on the same line`;
    for (const [escape, escaped] of image.matchAll(/\\(.)/g)) {
      if (escaped !== '"' && escaped !== "\\") {
        return `unknown escape '${escape}' in string: only \\" and \\\\ are allowed`;
      }
    }
  }
  return undefined;
}

function isClosed(image: string): boolean {
  return /^"(?:[^"\\]|\\.)*"$/.test(image);
}

/** Whether a number literal is an int: it has neither a point nor an exponent. */
export function isInteger(image: string): boolean {
  return /^\d+$/.test(image);
}

/** The value of a number literal; NaN for one that `tokenize` reports as malformed or too large. */
export function numberValue(image: string): number {
  const value = Number(image);
  const exact = isInteger(image) ? Number.isSafeInteger(value) : Number.isFinite(value);
  return WELL_FORMED_NUMBER.test(image) && exact ? value : NaN;
}

/** The value of a string literal: the text between the quotes with `\"` and `\\` unescaped. */
export function stringValue(image: string): string {
  const body = isClosed(image) ? image.slice(1, -1) : image.slice(1);
  return body.replace(/\\(.)/g, "$1");
}

function characterAt(text: string, offset: number): string {
  const codePoint = text.codePointAt(offset)!;
  return codePoint > 0x20 && codePoint < 0x7f
    ? String.fromCodePoint(codePoint)
    : `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}
