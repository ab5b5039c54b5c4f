import { Presets, SingleBar } from 'cli-progress';

/** One step of the seeding at a time, each with its own bar. */
export interface DemoProgress {
  start(step: string, total: number, unit: string): void;
  update(value: number, total?: number): void;
  stop(): void;
  line(text: string): void;
}

/**
 * A cli-progress bar on stdout; also when stdout is not a terminal (a CI log, `npm start > file`), where it
 * writes a line a second instead of redrawing one.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stdout): DemoProgress {
  let bar: SingleBar | undefined;
  return {
    start(step, total, unit) {
      bar?.stop();
      bar = new SingleBar(
        {
          format: `${step.padEnd(34)} |{bar}| {percentage}% {value}/{total} ${unit}, {eta_formatted} left`,
          stream,
          noTTYOutput: true,
          notTTYSchedule: 1_000,
          etaBuffer: 50,
          hideCursor: false,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(value, total) {
      if (total !== undefined) bar?.setTotal(total);
      bar?.update(value);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
    line(text) {
      stream.write(`${text}\n`);
    },
  };
}

/** For tests and embedders that want no output. */
export const silentProgress: DemoProgress = { start() {}, update() {}, stop() {}, line() {} };
