// Located diagnostics shared by every phase: `file:line:col: error: message`, the source line and
// a caret under the offending span.

// Suggestions for misspelt names live with the runtime, whose errors give them too.
export { didYouMean, suggestion } from "../runtime/suggest.js";

export interface SourceLoc {
  file: string;
  /** 1-based line and column of the first character. */
  line: number;
  col: number;
  /** Length of the span in characters on its first line (at least 1 for the caret). */
  length: number;
}

export interface Note {
  loc: SourceLoc;
  message: string;
}

export interface Diagnostic {
  severity: "error" | "warning";
  loc: SourceLoc;
  message: string;
  /** Related places, e.g. where each of two mismatched shapes came from. */
  notes: Note[];
}

/** Why a file could not be read, for a message: "no such file", "a directory", or the system's words. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory" : (error as Error).message;
}

const UNWRITABLE: Record<string, string> = {
  EEXIST: "a file is in the way",
  ENOTDIR: "a file is in the way",
  EISDIR: "a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "a read-only file system",
  ENOSPC: "no space left on the device",
};

/** Why a file or folder could not be written, for a message; undefined for errors that are not about the path. */
export function unwritableReason(error: unknown): string | undefined {
  return UNWRITABLE[(error as NodeJS.ErrnoException).code ?? ""];
}

/** Thrown by a phase that cannot continue; carries every diagnostic gathered so far. */
export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${locString(d.loc)}: ${d.message}`).join("\n"));
  }
}

/**
 * The errors one run reports at most, the last saying that it stopped: a file that is not a spec
 * (a checkpoint, a CSV) would otherwise flood the terminal with an error per token.
 */
const MAX_ERRORS = 50;

/** Collects diagnostics so that one run reports as many independent errors as it can. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(loc: SourceLoc, message: string, notes: Note[] = []): void {
    const errors = this.list.filter((d) => d.severity === "error").length;
    if (errors >= MAX_ERRORS) return;
    if (errors === MAX_ERRORS - 1) {
      const stop = `too many errors: netc stops at ${MAX_ERRORS}; fix the ones above (is this a .net spec?) and run it again`;
      this.list.push({ severity: "error", loc, message: stop, notes: [] });
    } else {
      this.list.push({ severity: "error", loc, message, notes });
    }
  }

  warning(loc: SourceLoc, message: string, notes: Note[] = []): void {
    this.list.push({ severity: "warning", loc, message, notes });
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === "error");
  }

  /** Throws a CompileError when any error was reported, so later phases see valid input only. */
  check(): void {
    if (this.hasErrors) throw new CompileError(this.list);
  }
}

/**
 * Diagnostics in the order to read them: the entry file's first (`sources` lists it first), then
 * each import's in the order loaded, each file's by line and column. Sorted by name, an import
 * shown by its absolute path (std's, from outside the repository) came before the user's own file.
 */
export function inReadingOrder(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): Diagnostic[] {
  const files = [...sources.keys()];
  const rank = (file: string) => {
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return [...diagnostics].sort(
    (a, b) =>
      rank(a.loc.file) - rank(b.loc.file) ||
      a.loc.file.localeCompare(b.loc.file) ||
      a.loc.line - b.loc.line ||
      a.loc.col - b.loc.col,
  );
}

function locString(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/**
 * `file:line:col: error: message`, then the source line and a caret, then each note likewise; only
 * printable text, whatever bytes the file holds.
 */
export function formatDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>): string {
  const parts = [printable(`${locString(d.loc)}: ${d.severity}: ${d.message}`), ...excerpt(d.loc, sources)];
  for (const note of d.notes) {
    parts.push(printable(`${locString(note.loc)}: note: ${note.message}`), ...excerpt(note.loc, sources));
  }
  return parts.join("\n");
}

/** The source line and a caret line under the span; columns count code points. */
function excerpt(loc: SourceLoc, sources: ReadonlyMap<string, string>): string[] {
  const text = sources.get(loc.file);
  if (text === undefined) return [];
  const line = text.split(/\r\n?|\n/)[loc.line - 1];
  if (line === undefined) return [];
  const chars = [...line];
  const caret = Math.min(loc.col - 1, chars.length);
  const { first, last } = visibleRange(chars.length, caret, (index) => width(printable(chars[index]!)));
  const shown = chars.slice(first, last).map(printable);
  const [cutBefore, cutAfter] = [first > 0 ? "…" : "", last < chars.length ? "…" : ""];
  const gutter = `${loc.line} | `;
  // Tabs are kept so that the caret lines up with the source line however the terminal expands them.
  const indent = shown.slice(0, caret - first).map((char) => (char === "\t" ? char : " ".repeat(width(char))));
  const spanWidth = shown.slice(caret - first, caret - first + loc.length).reduce((sum, char) => sum + width(char), 0);
  return [
    gutter + cutBefore + shown.join("") + cutAfter,
    " ".repeat(gutter.length + cutBefore.length) + indent.join("") + "^".repeat(Math.max(1, spanWidth)),
  ];
}

/**
 * A source line wider than this is shown clipped around the caret, "…" marking each cut: a
 * minified one-line file would otherwise be reprinted whole under every error.
 */
const MAX_EXCERPT_WIDTH = 120;
/** Columns a clipped line keeps before the caret. */
const CONTEXT_BEFORE_CARET = 40;

/** The characters `[first, last)` of a line of `count` to show, the one at `caret` among them. */
function visibleRange(
  count: number,
  caret: number,
  widthAt: (index: number) => number,
): { first: number; last: number } {
  let total = 0;
  for (let index = 0; index < count && total <= MAX_EXCERPT_WIDTH; index++) total += widthAt(index);
  if (total <= MAX_EXCERPT_WIDTH) return { first: 0, last: count };
  const budget = MAX_EXCERPT_WIDTH - 2 * "…".length;
  let first = caret;
  let used = 0;
  while (first > 0 && used + widthAt(first - 1) <= CONTEXT_BEFORE_CARET) used += widthAt(--first);
  let last = caret;
  while (last < count && used + widthAt(last) <= budget) used += widthAt(last++);
  // Near the line's end, the columns left over show more of what comes before.
  if (last === count) while (first > 0 && used + widthAt(first - 1) <= budget) used += widthAt(--first);
  return { first, last };
}

// Control and invisible formatting characters (a binary file, bidirectional overrides) would reach
// the terminal raw; they are shown escaped.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `text` with every unprintable character but the tab escaped as `\xNN` or `\u{NNNN}`. */
function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    if (char === "\t") return char;
    const code = char.codePointAt(0)!;
    return code < 0x100
      ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`
      : `\\u{${code.toString(16).toUpperCase()}}`;
  });
}

/** Columns a printable character or escape takes: one per code point. */
function width(shown: string): number {
  return [...shown].length;
}
