// The netc package folder, found from this module's own location so that it works both from src/
// (vitest) and from dist/src/ (after tsc).

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The folder holding netc's package.json; `std/` and `docs/` live there. */
export function packageRoot(): string {
  cached ??= findPackageRoot(dirname(fileURLToPath(import.meta.url)));
  return cached;
}

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "netc") {
      return folder;
    }
    if (dirname(folder) === folder) throw new Error(`netc's package.json not found above ${start}`);
  }
}
