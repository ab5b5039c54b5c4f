import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '@tillidsbarometer/auth';
import { PublishDeadlinesCommand, RecordCaseEventsCommand, type RecordedCaseEvent } from '@tillidsbarometer/case-events';
import { EVENT_STORE, type EventStore, type JsonValue } from '@tillidsbarometer/event-store';
import { HealthChecks } from '@tillidsbarometer/runtime';
import { generateHistory } from '@tillidsbarometer/testing';
import { TRUST_PROJECTION } from '@tillidsbarometer/trust-monitor';
import { randomUUID } from 'node:crypto';
import { demoPlan, type DemoPlan } from './demo-plan';
import type { DemoProgress } from './demo-progress';

/**
 * The demo's own stream: `DemoDataStarted` (the plan, so that an interrupted seeding resumes with the same
 * history) and `DemoDataSeeded` once everything is stored. A start that finds the second seeds nothing.
 */
export const DEMO_STREAM = 'demo-data';
const BATCH = 1_000;

/** The write side's own checks apply to the demo as to any source system: an admin may write for every kommune. */
const DEMO_WRITER: Principal = { subject: 'demo-data', role: 'admin' };

/** Later parts of the demo (measurements, national snapshots) that run after the case events, in order. */
export interface DemoStep {
  name: string;
  run(app: INestApplicationContext, plan: DemoPlan, progress: DemoProgress): Promise<void>;
}

export interface SeedOutcome {
  status: 'seeded' | 'already-seeded' | 'store-not-empty';
  events: number;
  rejected: number;
  seconds: number;
  /**
   * The steps that run once the dashboard is usable (the national snapshots), then the `DemoDataSeeded` marker;
   * resolves when they are done. A start that is stopped before finishes them on the next start.
   */
  finishing?: Promise<void>;
}

/**
 * Seeds the store on a first start: each kommune's deadlines, then the generated case events through the case
 * write side (validation, pseudonymisation and the decider apply, in batches), then the later demo steps; then
 * waits until every projection has caught up. Idempotent: the generator's event ids are deterministic, so a
 * seeding interrupted by a crash is finished by the next start, whose repeats are stored once.
 */
export async function seedDemoData(
  app: INestApplicationContext,
  options: {
    now: Date;
    scale?: number;
    kommuner?: readonly string[];
    steps?: readonly DemoStep[];
    /** Steps after the kommune dashboards are usable, while the product already serves them. */
    backgroundSteps?: readonly DemoStep[];
    progress: DemoProgress;
  },
): Promise<SeedOutcome> {
  const started = performance.now();
  const store = app.get<EventStore>(EVENT_STORE, { strict: false });
  const commands = app.get(CommandBus, { strict: false });
  const { progress } = options;
  const seconds = () => (performance.now() - started) / 1000;

  const marker = await store.readStream(DEMO_STREAM);
  if (marker.events.some((event) => event.type === 'DemoDataSeeded')) {
    return { status: 'already-seeded', events: 0, rejected: 0, seconds: seconds() };
  }
  let plan = marker.events.find((event) => event.type === 'DemoDataStarted')?.data as DemoPlan | undefined;
  if (!plan) {
    // Somebody's own data: never mix the demo into it.
    if ((await store.countEvents()) > 0) return { status: 'store-not-empty', events: 0, rejected: 0, seconds: seconds() };
    plan = demoPlan(options.now, options.scale, options.kommuner);
    await store.appendToStream(DEMO_STREAM, [{ eventId: randomUUID(), type: 'DemoDataStarted', data: plan as unknown as JsonValue }], {
      expectedVersion: 'no_stream',
    });
  } else {
    progress.line('Demo data: an earlier first start was interrupted; finishing it (what is stored already counts once).');
  }

  const history = generateHistory(plan);
  progress.line(
    `Demo data: ${plan.kommuner?.length ?? 98} kommuner, ${plan.from.slice(0, 10)} to ${plan.to.slice(0, 10)}, seed ${plan.seed}, scale ${plan.scale}, ` +
      `a deterioration in ${plan.deteriorations.map((d) => d.kommune + (d.department ? ` (${d.department})` : '')).join(', ')}`,
  );

  progress.start('Publishing deadlines', history.deadlines.length, 'kommuner');
  let done = 0;
  for (const { kommune, deadlines } of history.deadlines) {
    await commands.execute(new PublishDeadlinesCommand(kommune, deadlines, DEMO_WRITER));
    progress.update(++done);
  }
  progress.stop();

  const estimate = history.estimate().events;
  progress.start('Storing case events', estimate, 'events');
  let events = 0;
  let rejected = 0;
  let batch: unknown[] = [];
  const send = async () => {
    const answers: RecordedCaseEvent[] = await commands.execute(new RecordCaseEventsCommand(batch, DEMO_WRITER));
    rejected += answers.filter((answer) => answer.status === 'rejected').length;
    events += batch.length;
    batch = [];
    progress.update(events, Math.max(estimate, events));
    // PGlite answers without leaving the microtask queue: let timers (the progress bar), the projections and
    // HTTP requests take their turn between batches.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (const event of history.events()) {
    batch.push(event);
    if (batch.length === BATCH) await send();
  }
  if (batch.length > 0) await send();
  progress.update(events, events);
  progress.stop();
  progress.line(`Demo data: ${events} case events stored after ${seconds().toFixed(1)} s.`);
  if (rejected > 0) progress.line(`Demo data: ${rejected} generated events were rejected by the write side (see the logs).`);

  for (const step of options.steps ?? []) await step.run(app, plan, progress);
  await waitUntilReady(app, store, progress);
  progress.line(`Demo data: every projection caught up after ${seconds().toFixed(1)} s.`);
  const usableAfter = seconds();

  const finishedPlan = plan;
  const finishing = (async () => {
    await new Promise((resolve) => setImmediate(resolve)); // after the caller has announced the dashboard
    for (const step of options.backgroundSteps ?? []) await step.run(app, finishedPlan, progress);
    await store.appendToStream(DEMO_STREAM, [{ eventId: randomUUID(), type: 'DemoDataSeeded', data: { events, rejected } }]);
  })();
  return { status: 'seeded', events, rejected, seconds: usableAfter, finishing };
}

/**
 * Waits until every readiness check of the product is up (the projections have caught up with the store), with
 * a bar for the trust monitor's projection, the one with the most work.
 */
export async function waitUntilReady(app: INestApplicationContext, store: EventStore, progress: DemoProgress): Promise<void> {
  const checks = app.get(HealthChecks, { strict: false });
  const first = await store.subscriptionStatus(TRUST_PROJECTION);
  const behind = (status: { checkpoint: string; head: string }) => Math.max(0, positionOf(status.head) - positionOf(status.checkpoint));
  const total = Math.max(1, behind(first));
  progress.start('Projecting (indicators, flags, ...)', total, 'events');
  for (;;) {
    const status = await store.subscriptionStatus(TRUST_PROJECTION);
    progress.update(Math.min(total, total - behind(status)));
    if (status.caughtUp) {
      const results = await Promise.all(checks.all().map((check) => check().catch(() => ({ failed: { status: 'down' } }))));
      if (results.every((result) => Object.values(result).every((indicator) => indicator.status === 'up'))) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  progress.update(total);
  progress.stop();
}

/** The global position in a checkpoint (`"<xid>:<position>"`): only to measure progress, never to read from. */
function positionOf(checkpoint: string): number {
  const position = Number(checkpoint.split(':')[1]);
  return Number.isFinite(position) ? position : 0;
}
