// Generated modules and the runtime compile in an app's project under the strictest flags apps
// commonly set (tests/fixtures/app-tsconfig/), in a browser project with no types configured
// (WebGPU's come with the runtime) and in a Node one. The browser project also compiles what a web
// app does with a model's results (web-app.ts): a checkpoint into a Blob, a prediction fed on.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe.concurrent("an app's tsconfig", () => {
  it.each(["browser", "node"])("type-checks the runtime and generated modules in a %s project", (project) => {
    const tsc = spawnSync(
      process.execPath,
      ["node_modules/typescript/bin/tsc", "-p", `tests/fixtures/app-tsconfig/${project}.json`],
      { encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
