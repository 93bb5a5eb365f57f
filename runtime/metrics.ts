// Training metrics as JSON Lines: one record per line, written as training goes.

export interface MetricsRecord {
  /** 1-based. */
  epoch: number;
  /** Training steps done so far, this epoch's included. */
  step: number;
  trainLoss: number;
  trainAcc?: number;
  testAcc?: number;
  imagesPerSecond: number;
  /** Seconds since training started, at the end of this epoch's evaluation. */
  time: number;
}

export class MetricsFormatError extends Error {
  override name = "MetricsFormatError";
}

/** One JSONL line, keys in a fixed order; a non-finite loss is written as null. */
export function formatMetricsLine(record: MetricsRecord): string {
  const { epoch, step, trainLoss, trainAcc, testAcc, imagesPerSecond, time } = record;
  return `${JSON.stringify({ epoch, step, trainLoss, trainAcc, testAcc, imagesPerSecond, time })}\n`;
}

/** Parses a metrics log; a null loss (diverged training) reads back as NaN. */
export function parseMetricsLines(text: string): MetricsRecord[] {
  const records: MetricsRecord[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new MetricsFormatError(`metrics line ${index + 1} is not JSON: ${line.slice(0, 80)}`);
    }
    records.push(toRecord(value, index + 1));
  });
  return records;
}

function toRecord(value: unknown, lineNumber: number): MetricsRecord {
  const fields = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const optional = (key: string): number | undefined => {
    const field = fields[key];
    if (field === undefined) return undefined;
    if (field === null) return NaN;
    if (typeof field !== "number")
      throw new MetricsFormatError(`metrics line ${lineNumber}: "${key}" must be a number`);
    return field;
  };
  const required = (key: string): number => {
    const field = optional(key);
    if (field === undefined) throw new MetricsFormatError(`metrics line ${lineNumber}: "${key}" is missing`);
    return field;
  };
  const record: MetricsRecord = {
    epoch: required("epoch"),
    step: required("step"),
    trainLoss: required("trainLoss"),
    imagesPerSecond: required("imagesPerSecond"),
    time: required("time"),
  };
  const trainAcc = optional("trainAcc");
  const testAcc = optional("testAcc");
  if (trainAcc !== undefined) record.trainAcc = trainAcc;
  if (testAcc !== undefined) record.testAcc = testAcc;
  return record;
}
