import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { formatMetricsLine } from "../metrics.js";
import type { MetricsLogger, MetricsRecord } from "../metrics.js";

/** Appends metrics records to a JSONL file, one synchronous write per record so a crash loses none. */
export class JsonlMetricsLog implements MetricsLogger {
  private readonly fd: number;

  /** Opens `path` for appending, creating it and its directory if needed. */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "a");
  }

  log(record: MetricsRecord): void {
    writeSync(this.fd, formatMetricsLine(record));
  }

  close(): void {
    closeSync(this.fd);
  }
}
