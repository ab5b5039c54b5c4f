/*
 * Measures the generator: events per second and the heap it needs while streaming, for all 98 kommuner.
 *   node --expose-gc -r @swc-node/register libs/testing/measure-generation.ts [scale] [years] [--facts]
 * The heap is sampled every 250,000 events, after a full collection when --expose-gc is given, so the figure
 * is what the generator holds (its pending cases), not garbage not yet collected. With --facts it also prints
 * the calibration figures (HistoryFacts keeps a few facts per case, so memory is then not the generator's).
 */
import { HistoryFacts, generateHistory } from './src';

const scale = Number(process.argv[2] ?? 1);
const years = Number(process.argv[3] ?? 2);
const from = '2024-01-01T00:00:00.000Z';
const to = new Date(Date.parse(from) + years * 365 * 86_400_000).toISOString();
const history = generateHistory({ seed: 42, from, to, scale });
const facts = process.argv.includes('--facts') ? new HistoryFacts(history.deadlines) : undefined;
const estimate = history.estimate();
const collect = (globalThis as { gc?: () => void }).gc;
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

let events = 0;
let maxHeap = 0;
let maxRss = 0;
let sampling = 0;
const started = process.hrtime.bigint();
for (const event of history.events()) {
  events++;
  facts?.add(event);
  if (events % 250_000 === 0) {
    const pause = process.hrtime.bigint();
    collect?.();
    const memory = process.memoryUsage();
    maxHeap = Math.max(maxHeap, memory.heapUsed);
    maxRss = Math.max(maxRss, memory.rss);
    sampling += Number(process.hrtime.bigint() - pause);
  }
}
const seconds = (Number(process.hrtime.bigint() - started) - sampling) / 1e9;
process.stdout.write(
  `${JSON.stringify({
    scale,
    years,
    events,
    estimatedEvents: estimate.events,
    estimatedCases: estimate.cases,
    seconds: Math.round(seconds * 10) / 10,
    eventsPerSecond: Math.round(events / seconds),
    maxHeapMB: megabytes(maxHeap),
    maxRssMB: megabytes(maxRss),
    gc: collect !== undefined,
  })}\n`,
);
if (facts) process.stdout.write(`${JSON.stringify({ outOfOrderShare: facts.outOfOrder / facts.events, ...facts.summary(to) }, null, 2)}\n`);
