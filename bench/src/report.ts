import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_FILE = path.resolve(__dirname, '../results.md');

/** Linear interpolation between closest ranks (R type 7), as everywhere in this product. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${os.type()} ${os.release()}`;
}

export const format = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';

/**
 * Replaces one benchmark's section of bench/results.md (between its markers), keeping the others, so that
 * `npm run bench -- <name>` refreshes one part and `npm run bench` all of them.
 */
export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  let text = existsSync(RESULTS_FILE)
    ? readFileSync(RESULTS_FILE, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench` (one section per benchmark; `npm run bench -- <name>` refreshes one). ' +
      'The machines are shared and noisy: figures are medians of several runs, and contenders are measured side by side in the same run.\n';
  const pattern = new RegExp(`${escape(begin)}[\\s\\S]*?${escape(end)}`);
  text = pattern.test(text) ? text.replace(pattern, block) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS_FILE, text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One line of progress on stderr, so long runs show where they are. */
export function progress(benchmark: string, message: string): void {
  process.stderr.write(`[${benchmark}] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
