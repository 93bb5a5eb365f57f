// Emits a compiled model as files: a typed TypeScript module holding the plan (formatted by
// prettier, importing only runtime/), each kernel as a .wgsl file, and a JSON manifest.

import type { DispatchPlan, ModelPlan } from "../../runtime/plan.js";

export interface EmittedFile {
  /** Relative to the model's output folder. */
  path: string;
  text: string;
}

/** `runtime` is the import path of runtime/ as seen from the module. */
export async function emitModel(plan: ModelPlan, runtime: string): Promise<EmittedFile[]> {
  // Loaded here, not at start-up: only `netc compile` formats code.
  const { default: prettier } = await import("prettier");
  const { kernels, ...rest } = plan;
  const className = pascalCase(plan.model);
  const kernelSource = kernels
    .map(
      (k) =>
        `  {\n    name: ${JSON.stringify(k.name)},\n    code: /* wgsl */ \`\n${k.code.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\`,\n  },`,
    )
    .join("\n");
  const module = `// ${plan.model}: compiled by netc from ${plan.source}. Do not edit: change the spec and run \`netc compile\`.
// A training step is ${plan.train.length} dispatches, evaluation ${plan.evaluate.length}, prediction ${plan.predict.length}, of ${plan.kernels.length} kernels in all; ${plan.buffers.length} buffers.

import { Model, type ModelOptions } from "${runtime}/engine.js";
import type { KernelPlan, ModelPlan } from "${runtime}/plan.js";

const kernels: KernelPlan[] = [
${kernelSource}
];

export const plan: ModelPlan = { ${JSON.stringify(rest).slice(1, -1)}, kernels };

/** The ${plan.model} model on \`device\`: parameters initialised, ready to train or load weights. */
export function create${className}(device: GPUDevice, options?: ModelOptions): Promise<Model> {
  return Model.create(device, plan, options);
}
`;
  const formatted = await prettier.format(module, { parser: "typescript", printWidth: 120 });
  const dispatches = (list: DispatchPlan[]) =>
    list.map((d) => ({
      label: d.label,
      kernel: plan.kernels[d.kernel]!.name,
      workgroups: d.workgroups,
      bindings: d.bindings,
    }));
  const manifest = {
    model: plan.model,
    source: plan.source,
    batch: plan.batch,
    input: plan.input,
    target: plan.target,
    output: plan.output,
    loss: plan.loss,
    optimizer: plan.optimizer,
    tensors: plan.tensors.map((t) => ({ name: t.name, shape: t.shape, kind: t.kind, buffer: t.buffer })),
    buffers: plan.buffers,
    kernels: plan.kernels.map((k) => k.name),
    // The statistics forward is the first `statistics` dispatches of the training step.
    dispatches: {
      train: dispatches(plan.train),
      evaluate: dispatches(plan.evaluate),
      predict: dispatches(plan.predict),
    },
    statistics: plan.statistics,
  };
  return [
    { path: "model.ts", text: formatted },
    {
      path: "manifest.json",
      text: await prettier.format(JSON.stringify(manifest), { parser: "json", printWidth: 120 }),
    },
    ...kernels.map((k) => ({
      path: `kernels/${k.name}.wgsl`,
      text: `// ${k.name}: ${plan.model}, compiled by netc from ${plan.source}\n${k.code}`,
    })),
  ];
}

function pascalCase(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
