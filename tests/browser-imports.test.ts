// What a web page's bundle pulls in: every module reachable by imports from the runtime core
// (runtime/index.ts) and from each generated model. None may import a Node built-in, the `webgpu`
// package (Dawn, for Node) or any other package, nor use Node's globals (process, Buffer, require,
// __dirname): a bundler would fail on them or ship code that throws in the page. Read with
// TypeScript's own import scanner, without compiling anything.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NODE_GLOBALS = new Set(["process", "Buffer", "require", "__dirname", "__filename", "global"]);

/** The relative path of each module reachable from `entries`, and each thing one of them must not use. */
function browserProblems(entries: readonly string[]): { modules: string[]; problems: string[] } {
  const seen = new Set<string>();
  const problems: string[] = [];
  const queue = entries.map((entry) => resolve(ROOT, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const where = relative(ROOT, file);
    const text = readFileSync(file, "utf8");
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
        problems.push(`${where} imports "${specifier}"`);
        continue;
      }
      // Sources import each other by the .js names they compile to.
      const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
      if (!existsSync(target)) problems.push(`${where} imports "${specifier}", which is not a module here`);
      else queue.push(target);
    }
    problems.push(...nodeGlobals(where, text));
  }
  return { modules: [...seen].map((file) => relative(ROOT, file)).sort(), problems };
}

/** Uses of Node's globals in `text`: identifiers of those names that are not a property's name. */
function nodeGlobals(where: string, text: string): string[] {
  const source = ts.createSourceFile(where, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) ||
          ts.isPropertyDeclaration(parent) ||
          ts.isPropertySignature(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isParameter(parent) ||
          ts.isVariableDeclaration(parent)) &&
          parent.name === node);
      if (!isName) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${where}:${line + 1} uses Node's global ${node.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const models = readdirSync(join(ROOT, "generated"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, "generated", entry.name, "model.ts")))
  .map((entry) => `generated/${entry.name}/model.ts`);

describe("a web page's bundle", () => {
  it("takes nothing from Node or npm packages, from the runtime core or any generated model", () => {
    expect(models.length).toBeGreaterThan(5);
    const { modules, problems } = browserProblems(["runtime/index.ts", ...models]);
    expect(problems).toEqual([]);
    // The walk reached the runtime's core and nothing of runtime/node/.
    expect(modules).toContain("runtime/engine.ts");
    expect(modules).toContain("runtime/safetensors.ts");
    expect(modules.filter((module) => module.startsWith("runtime/node/"))).toEqual([]);
  });

  it("is told apart from Node's entry, which uses Node", () => {
    const { problems } = browserProblems(["runtime/node/index.ts"]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^runtime\/node\/\S+ imports "node:fs"$/),
        expect.stringMatching(/^runtime\/node\/gpu\.ts imports "webgpu"$/),
        expect.stringMatching(/^runtime\/node\/\S+ uses Node's global process$/),
      ]),
    );
  });
});
