import { cpus, loadavg } from 'node:os';

/** Which baseline a figure is divided by, and its value in the same run. */
export interface BaselineRef {
  name: string;
  value: number;
}

/** One measured number, reported as a ratio to a baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: BaselineRef;
  /** value / baseline.value: comparable between machines and runs, unlike `value`. */
  ratio: number;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function figure(name: string, value: number, unit: string, baseline: BaselineRef): Figure {
  if (!Number.isFinite(value)) throw new Error(`figure "${name}" is not a number: ${value}`);
  if (!(baseline.value > 0)) {
    throw new Error(`baseline ${baseline.name} is ${baseline.value}: no ratio for "${name}"`);
  }
  return {
    name,
    value: round(value, 2),
    unit,
    baseline,
    ratio: round(value / baseline.value, 4),
  };
}

/** Nearest-rank percentile (p in 0..100) of values sorted ascending. */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  const count = sortedAscending.length;
  if (count === 0) throw new Error('percentile of no values');
  const rank = Math.min(count, Math.max(1, Math.ceil((p / 100) * count)));
  return sortedAscending[rank - 1];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  /** One-minute load average when the run started: a busy machine explains a slow run. */
  loadAverage1m: number;
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage1m: round(loadavg()[0], 2),
  };
}

/** Progress goes to stderr: stdout carries only the JSON report. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
