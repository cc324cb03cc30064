import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** A goal a figure is held to; none: the figure is reported for information. */
export interface Goal {
  op: '<=' | '>=' | '==';
  value: number;
}

export interface Row {
  metric: string;
  goal: Goal | null;
  value: number;
  unit: string;
  /** true/false against the goal; null when there is no goal. */
  pass: boolean | null;
}

export interface ScenarioResult {
  id: number;
  name: string;
  rows: Row[];
  /** Raw figures behind the rows (baselines, sample counts, settings). */
  details: Record<string, unknown>;
  /** Set when the scenario could not run to the end. */
  error?: string;
  /** Set when the scenario cannot run on this machine (why, in one line); it has no rows. */
  skipped?: string;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine. */
  loadAverage: { start: number; end: number };
}

export interface BenchReport {
  mode: 'full' | 'smoke';
  machine: Machine;
  seconds: number;
  scenarios: ScenarioResult[];
}

export const atMost = (value: number): Goal => ({ op: '<=', value });
export const atLeast = (value: number): Goal => ({ op: '>=', value });
export const exactly = (value: number): Goal => ({ op: '==', value });

export function meets(goal: Goal, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (goal.op) {
    case '<=':
      return value <= goal.value;
    case '>=':
      return value >= goal.value;
    case '==':
      return value === goal.value;
  }
}

export function row(metric: string, value: number, unit: string, goal: Goal | null = null): Row {
  return { metric, goal, value, unit, pass: goal ? meets(goal, value) : null };
}

export const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export function machine(startLoad: number): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    loadAverage: { start: startLoad, end: load1() },
  };
}
