import type { BenchReport, Goal, Row } from './report';

const HEADERS = ['scenario', 'metric', 'goal', 'measured', 'result'] as const;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

const withUnit = (value: string, unit: string) => (unit ? `${value} ${unit}` : value);

const formatGoal = (goal: Goal | null, unit: string) =>
  goal
    ? withUnit(`${goal.op === '==' ? '=' : goal.op === '<=' ? '≤' : '≥'} ${goal.value}`, unit)
    : '—';

const verdict = (item: Row) => (item.pass === null ? 'info' : item.pass ? 'pass' : 'FAIL');

/** The report as a plain-text table, one line per figure. */
export function renderTable(report: BenchReport): string {
  const lines: string[][] = [];
  for (const scenario of report.scenarios) {
    const name = `${scenario.id}. ${scenario.name}`;
    scenario.rows.forEach((item, index) => {
      lines.push([
        index === 0 ? name : '',
        item.metric,
        formatGoal(item.goal, item.unit),
        withUnit(formatNumber(item.value), item.unit),
        verdict(item),
      ]);
    });
    if (scenario.skipped) lines.push([name, 'skipped', '—', scenario.skipped, 'skip']);
    if (scenario.error)
      lines.push([scenario.rows.length ? '' : name, 'error', '—', scenario.error, 'FAIL']);
  }
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const { machine } = report;
  const title =
    `${report.mode} run, ${machine.cores} cores (${machine.cpuModel}), node ${machine.node}, ` +
    `${machine.date}, ${Math.round(report.seconds)} s, load average ${machine.loadAverage.start} ` +
    `at start and ${machine.loadAverage.end} at end`;
  return [title, '', format(HEADERS), rule, ...lines.map(format)].join('\n');
}

export function failures(report: BenchReport): number {
  let count = 0;
  for (const scenario of report.scenarios) {
    if (scenario.error) count++;
    for (const item of scenario.rows) if (item.pass === false) count++;
  }
  return count;
}
