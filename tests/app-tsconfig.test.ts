// Generated modules and the runtime compile in an app's project under the strictest flags apps
// commonly set (tests/fixtures/app-tsconfig/), in a browser project with no types configured
// (WebGPU's come with the runtime) and in a Node one. The browser project also compiles what a web
// app does with a model's results (web-app.ts): a checkpoint into a Blob, a prediction fed on.
// An app may also take the runtime as a package built with its declarations (`--runtime
// @acme/netc-runtime`): WebGPU's types must come with those too.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tsc = (...args: string[]) => {
  const run = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", ...args], { encoding: "utf8" });
  return { output: run.stdout + run.stderr, status: run.status };
};

describe.concurrent("an app's tsconfig", () => {
  it.each(["browser", "node"])("type-checks the runtime and generated modules in a %s project", (project) => {
    const run = tsc("-p", `tests/fixtures/app-tsconfig/${project}.json`);
    expect(run.output).toBe("");
    expect(run.status).toBe(0);
  });

  it("type-checks a browser project against the runtime's and a model's compiled declarations", () => {
    // Under out/ (ignored), so that @webgpu/types resolves from the repository's node_modules.
    const dir = mkdtempSync(join("out", "app-declarations-"));
    try {
      const emit = tsc(
        ...["runtime/index.ts", "generated/mlp/model.ts", "--declaration", "--emitDeclarationOnly"],
        ...["--outDir", dir, "--rootDir", ".", "--target", "ES2022", "--module", "NodeNext"],
        ...["--lib", "ES2022,DOM", "--types", "@webgpu/types", "--strict", "--skipLibCheck"],
      );
      expect(emit.output).toBe("");
      writeFileSync(
        join(dir, "app.ts"),
        [
          'import { createMlp } from "./generated/mlp/model.js";',
          'import { requestBrowserGpu } from "./runtime/index.js";',
          "const gpu = await requestBrowserGpu();",
          "const device: GPUDevice = gpu.device;",
          "const model = await createMlp(device);",
          "export const blob = new Blob([await model.save()]);",
          "",
        ].join("\n"),
      );
      // browser.json's options, with no types configured.
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../../tests/fixtures/app-tsconfig/browser.json", files: ["app.ts"] }),
      );
      const check = tsc("-p", join(dir, "tsconfig.json"));
      expect(check.output).toBe("");
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
