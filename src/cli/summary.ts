// `netc summary`: the layer table from the front end's graph and, for a spec with a train section,
// what its compiled plan costs: dispatches per schedule and GPU memory, at the spec's batch or --batch.

import { planGraph, type CompileOptions } from "../compile.js";
import { Diagnostics, type Diagnostic } from "../diagnostics.js";
import { frontEnd } from "../front-end.js";
import { NO_LIMITS } from "../6-plan/index.js";
import { summarize, summarizePlan, type Summary } from "../7-emit/summary.js";

export interface SummaryOptions {
  /** Batch of the layer table (default: the spec's batch dimension, `N`) and of the plan (default: the spec's). */
  batch?: number;
  imageSize?: number;
  fuse?: boolean;
}

export interface SummaryResult {
  /** Undefined when the spec has errors. */
  summary?: Summary;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export function summaryCommand(file: string, options: SummaryOptions): SummaryResult {
  const front = frontEnd(file, options.imageSize ? { imageSize: options.imageSize } : {});
  if (front.graph === undefined) return front;
  const summary = summarize(front.graph, options.batch);
  if (front.graph.train === undefined) return { ...front, summary };
  const diags = new Diagnostics();
  diags.list.push(...front.diagnostics);
  const compileOptions: CompileOptions = {
    ...(options.batch ? { batch: options.batch } : {}),
    ...(options.fuse === false ? { fuse: false } : {}),
    limits: NO_LIMITS,
  };
  const plan = planGraph(front.graph, file, compileOptions, diags);
  return {
    ...(plan ? { summary: { ...summary, plan: summarizePlan(plan) } } : {}),
    diagnostics: diags.list,
    sources: front.sources,
  };
}
