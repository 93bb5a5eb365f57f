// Parsing: source text to AST with located diagnostics, and loading a spec with its imports.

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import { parser } from "../../grammar/parser.js";
import { tokenize, tokenWidth, type LexicalProblem } from "../../grammar/tokens.js";
import { unreadableReason, type Diagnostics, type SourceLoc } from "../diagnostics.js";
import type { ImportDecl, SourceFile } from "./ast.js";
import { packageRoot } from "../package-root.js";
import { toAst } from "./to-ast.js";

interface Located {
  loc: SourceLoc;
  message: string;
}

/** Parses one file. Never throws on bad input: errors go to `diags` and the AST keeps what parsed. */
export function parseSource(file: string, text: string, diags: Diagnostics): SourceFile {
  const { tokens, problems } = tokenize(text);
  const cst = parser.parseFile(tokens);
  const found: Located[] = [
    ...problems.map((p) => ({ loc: { file, line: p.line, col: p.column, length: p.length }, message: p.message })),
    ...syntaxErrorsWorthReporting(file, parser.errors, problems, tokens),
  ];
  for (const { loc, message } of found.sort(byPosition)) diags.error(loc, message);
  return toAst(cst, file, tokens, diags);
}

/**
 * Recovery tends to report one mistake several times. Leaves out the echoes: a syntax error at the
 * token right after a lexical problem (a dropped character, a string that ate the rest of its
 * line), and one that belongs to a line that already has an error before it. An error belongs to
 * the line of the token before it, where the missing text would go: "expected ']' but found 'y'"
 * at the start of a line is about the line above, and does not hide an error later on its own line.
 */
function syntaxErrorsWorthReporting(
  file: string,
  errors: IRecognitionException[],
  problems: LexicalProblem[],
  tokens: IToken[],
): Located[] {
  // `undefined` stands for "past the last token", both here and for an error at EOF below.
  const afterProblem = new Set(problems.map((p) => tokens.find((token) => token.startOffset >= p.offset + p.length)));
  /** By line, the first error that belongs to it. */
  const firstError = new Map<number, SourceLoc>();
  const note = (line: number, loc: SourceLoc) => {
    const earlier = firstError.get(line);
    if (earlier === undefined || byPosition({ loc }, { loc: earlier }) < 0) firstError.set(line, loc);
  };
  for (const p of problems) note(p.line, { file, line: p.line, col: p.column, length: p.length });

  const reported: Located[] = [];
  const located = errors.map((error) => ({ loc: syntaxErrorLoc(file, error, tokens), error })).sort(byPosition);
  for (const { loc, error } of located) {
    const token = error.token.tokenType === EOF ? undefined : error.token;
    const before = token === undefined ? tokens.at(-1) : tokens[tokens.indexOf(token) - 1];
    const line = before?.endLine ?? loc.line;
    const earlier = firstError.get(line);
    if (afterProblem.has(token) || (earlier !== undefined && byPosition({ loc: earlier }, { loc }) <= 0)) continue;
    note(line, loc);
    reported.push({ loc, message: error.message });
  }
  return reported;
}

function byPosition(a: { loc: SourceLoc }, b: { loc: SourceLoc }): number {
  return a.loc.line - b.loc.line || a.loc.col - b.loc.col;
}

/** At end of file the error sits just after the last token, where the missing text belongs. */
function syntaxErrorLoc(file: string, error: IRecognitionException, tokens: IToken[]): SourceLoc {
  const at = error.token;
  if (at.tokenType !== EOF) return { file, line: at.startLine!, col: at.startColumn!, length: tokenWidth(at) };
  const last = tokens.at(-1);
  if (last === undefined) return { file, line: 1, col: 1, length: 1 };
  return { file, line: last.endLine!, col: last.endColumn! + 1, length: 1 };
}

export interface LoadedProgram {
  entry: SourceFile;
  /** Every file once, imports before the files that import them; the entry file last. */
  files: SourceFile[];
  /** Source text by file name, for formatDiagnostic: the entry file first, then imports as loaded. */
  sources: Map<string, string>;
}

/**
 * Loads `entry` and, transitively, its imports. Import paths are relative to the importing file,
 * except `std/...`, which names netc's bundled standard library.
 */
export function loadProgram(entry: string, diags: Diagnostics): LoadedProgram {
  const loader = new ProgramLoader(diags);
  const text = readText(entry);
  if (typeof text !== "string") {
    diags.error({ file: entry, line: 1, col: 1, length: 1 }, `cannot read file (${text.reason}): check the path`);
    const empty: SourceFile = { file: entry, items: [], incomplete: false };
    return { entry: empty, files: [empty], sources: loader.sources };
  }
  const entryFile = loader.load(resolve(entry), entry, text);
  return { entry: entryFile, files: loader.files, sources: loader.sources };
}

class ProgramLoader {
  readonly files: SourceFile[] = [];
  readonly sources = new Map<string, string>();
  /** Absolute paths of the files being loaded, outermost first: an import of one is a cycle. */
  private readonly loading: string[] = [];
  private readonly loaded = new Set<string>();

  constructor(private readonly diags: Diagnostics) {}

  load(path: string, name: string, text: string): SourceFile {
    this.sources.set(name, text);
    this.loading.push(path);
    const file = parseSource(name, text, this.diags);
    for (const item of file.items) {
      if (item.kind === "import") this.loadImport(item, path);
    }
    this.loading.pop();
    this.loaded.add(path);
    this.files.push(file);
    return file;
  }

  private loadImport(decl: ImportDecl, importer: string): void {
    const target = decl.path.startsWith("std/")
      ? join(packageRoot(), decl.path)
      : resolve(dirname(importer), decl.path);
    if (this.loaded.has(target)) return;
    const cycleStart = this.loading.indexOf(target);
    if (cycleStart !== -1) {
      const cycle = [...this.loading.slice(cycleStart), target].map(displayName).join(" -> ");
      this.diags.error(decl.loc, `import cycle: ${cycle}; remove one of these imports`);
      return;
    }
    const text = readText(target);
    if (typeof text !== "string") {
      this.diags.error(
        decl.loc,
        `cannot read imported file '${decl.path}' (looked for ${displayName(target)}: ${text.reason}); check the import's path`,
      );
      return;
    }
    this.load(target, displayName(target), text);
  }
}

/** The file's text without a leading byte order mark, or why it could not be read. */
function readText(path: string): string | { reason: string } {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { reason: unreadableReason(error) };
  }
  // A checkpoint or other binary file passed by mistake: one error, not one per stray byte.
  if (text.includes("\0")) return { reason: "binary data, not a .net spec" };
  return text.replace(/^\uFEFF/, "");
}

/** Relative to the working directory when the file lies under it, otherwise absolute. */
function displayName(absolute: string): string {
  const fromCwd = relative(process.cwd(), absolute);
  return fromCwd === ".." || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd) ? absolute : fromCwd;
}
