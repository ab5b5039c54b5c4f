import { CommandBus } from '@nestjs/cqrs';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { QUESTIONS, TIMING_CATEGORIES, TIMING_QUESTION, type RespondentRole } from '@tillidsbarometer/surveys';
import { CreateMeasurementCommand, RoundKeeper, SubmitResponseCommand, type CreatedMeasurement } from '@tillidsbarometer/temperature';
import { EVENT_STORE, type EventStore } from '@tillidsbarometer/event-store';
import { randomUUID } from 'node:crypto';
import { DEMO_STREAM, type DemoStep } from './seed-demo-data';

/** Answers per round: enough for every group to pass the threshold of 5, as small as a real first round. */
export const DEMO_RESPONDENTS: Record<RespondentRole, number> = { citizen: 10, caseworker: 6, leader: 5 };
const STAFF_DEPARTMENTS = ['adult_disability', 'children_family', 'jobcenter', 'health'] as const;
const DAY_MS = 86_400_000;

/**
 * One closed temperature measurement per kommune, through the temperature service's own write side (one-time
 * tokens, the mix pool, the close by hand), so that the kommune view has a latest measurement to show.
 */
export const demoMeasurements: DemoStep = {
  name: 'measurements',
  async run(app, plan, progress) {
    const commands = app.get(CommandBus, { strict: false });
    const keeper = app.get(RoundKeeper, { strict: false });
    const store = app.get<EventStore>(EVENT_STORE, { strict: false });
    // A first start interrupted here is finished by the next one: kommuner whose round closed are not done again.
    const seeded = new Set(
      (await store.readStream(DEMO_STREAM)).events
        .filter((event) => event.type === 'DemoMeasurementSeeded')
        .map((event) => (event.data as { kommune: string }).kommune),
    );
    const random = seededRandom(plan.seed);
    const kommuner = plan.kommuner ?? KOMMUNE_CODES;
    progress.start('Temperature measurements', kommuner.length, 'kommuner');
    let done = seeded.size;
    for (const kommune of kommuner.filter((code) => !seeded.has(code))) {
      const leader = { subject: 'demo-data', role: 'kommune_leader' as const, kommune };
      const created: CreatedMeasurement = await commands.execute(
        new CreateMeasurementCommand(
          kommune,
          {
            title: 'Demo: første temperaturmåling',
            closesAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
            tokensPerRole: DEMO_RESPONDENTS,
          },
          leader,
        ),
      );
      // Each kommune a little above or below the national picture, the same for all its groups' questions.
      const kommuneShift = (random() - 0.5) * 0.4;
      for (const [role, tokens] of Object.entries(created.tokens) as Array<[RespondentRole, string[]]>) {
        for (const token of tokens) {
          await commands.execute(new SubmitResponseCommand(demoResponse(token, role, kommuneShift, random), created.id));
        }
      }
      await keeper.closeByHand(created.id, 'demo-data');
      await store.appendToStream(DEMO_STREAM, [
        { eventId: randomUUID(), type: 'DemoMeasurementSeeded', data: { kommune, measurement: created.id } },
      ]);
      progress.update(++done);
      await new Promise((resolve) => setImmediate(resolve));
    }
    progress.stop();
  },
};

/**
 * A respondent near VIVE 2020's national means for the role: each answer is Binomial(3, mean / 3), whose mean is
 * the target; about 5 % "ved ikke" and 1 % "nægter at svare"; the timing answer drawn from VIVE's 2020 shares.
 */
export function demoResponse(token: string, role: RespondentRole, shift: number, random: () => number): Record<string, unknown> {
  const answers: Record<string, number | string> = {};
  for (const question of QUESTIONS) {
    const baseline = question.baseline2020[role];
    if (question.wording[role] === null || baseline === null) continue;
    const draw = random();
    if (draw < 0.05) answers[question.id] = 'ved_ikke';
    else if (draw < 0.06) answers[question.id] = 'naegter_at_svare';
    else {
      const target = Math.min(2.9, Math.max(0.1, baseline + (question.reverseCoded ? -shift : shift)));
      answers[question.id] = binomial(3, target / 3, random);
    }
  }
  const shares = TIMING_QUESTION.baseline2020Shares[role];
  let pick = random() * shares.reduce((sum, share) => sum + share, 0);
  const timing = TIMING_CATEGORIES.find((_category, index) => (pick -= shares[index]!) < 0) ?? TIMING_CATEGORIES[0];
  return {
    token,
    answers,
    timing,
    ...(role === 'citizen' ? {} : { department: STAFF_DEPARTMENTS[Math.floor(random() * STAFF_DEPARTMENTS.length)] }),
  };
}

function binomial(trials: number, p: number, random: () => number): number {
  let successes = 0;
  for (let i = 0; i < trials; i++) if (random() < p) successes++;
  return successes;
}

/** mulberry32: a small seeded generator, so that the demo's survey answers are the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
