import { randomBytes, randomUUID } from 'node:crypto';
import { Pseudonymiser, type Principal } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { PostgresEventStore, type EventStore, type StreamAppend } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { Registry } from 'prom-client';
import { CaseEventsMetrics } from '../../case-events.metrics';
import { CaseStateCache } from './case-state-cache';
import { RecordCaseEventsCommand } from './record-case-events.command';
import { RecordCaseEventsHandler } from './record-case-events.handler';

/**
 * The optimistic-concurrency retry against a real store (PGlite), with a real racing writer: before each of
 * the handler's appends, another writer appends to the same case, so the version the handler decided on is
 * stale every time.
 */
class RacingStore implements Pick<EventStore, 'readStreams' | 'appendToStreams'> {
  races = 0;
  constructor(
    private readonly store: EventStore,
    private racesLeft: number,
  ) {}

  readStreams(names: readonly string[]) {
    return this.store.readStreams(names);
  }

  async appendToStreams(appends: StreamAppend[]) {
    if (this.racesLeft > 0) {
      this.racesLeft -= 1;
      this.races += 1;
      for (const { streamName } of appends) {
        const [, kommune] = streamName.split('-');
        const caseId = streamName.slice(`case-${kommune}-`.length);
        await this.store.appendToStream(streamName, [
          {
            eventId: randomUUID(),
            type: 'ContactRecorded',
            data: { kommune: kommune!, caseId, occurredAt: new Date().toISOString(), kind: 'phone', initiatedBy: 'citizen' },
          },
        ]);
      }
    }
    return this.store.appendToStreams(appends);
  }
}

describe('RecordCaseEventsHandler under a racing writer (PGlite)', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  const principal: Principal = { subject: 'test', role: 'source_system', kommune: '101' };
  const pseudonymiser = new Pseudonymiser(new Map(KOMMUNE_CODES.map((code) => [code, randomBytes(32)])));

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    store = await PostgresEventStore.open(test.db);
  });

  afterAll(async () => {
    await store.close();
  });

  const handlerWith = (racing: RacingStore) =>
    new RecordCaseEventsHandler(
      racing as unknown as EventStore,
      pseudonymiser,
      () => new Date(),
      new CaseEventsMetrics(new Registry()),
      new CaseStateCache(),
    );

  const open = async (caseId: string) => {
    const result = await handlerWith(new RacingStore(store, 0)).execute(new RecordCaseEventsCommand([helpRequested(caseId)], principal));
    expect(result[0]!.status).toBe('stored');
  };

  it('decides again on the new version and stores the event when the race is lost a few times', async () => {
    const caseId = `SAG-${randomUUID().slice(0, 8)}`;
    await open(caseId);
    const racing = new RacingStore(store, 3);
    const [answer] = await handlerWith(racing).execute(new RecordCaseEventsCommand([contact(caseId)], principal));
    expect(answer).toMatchObject({ status: 'stored' });
    expect(racing.races).toBe(3);
    expect((await store.readStream(`case-101-${caseId}`)).currentVersion).toBe(5); // opened, 3 racing contacts, ours
  });

  it('gives up after its attempts with rule concurrentChange, storing nothing of its own', async () => {
    const caseId = `SAG-${randomUUID().slice(0, 8)}`;
    await open(caseId);
    const event = contact(caseId);
    const [answer] = await handlerWith(new RacingStore(store, 100)).execute(new RecordCaseEventsCommand([event], principal));
    expect(answer).toMatchObject({ status: 'rejected', errors: [{ field: 'caseId', rule: 'concurrentChange' }] });
    const stream = await store.readStream(`case-101-${caseId}`);
    expect(stream.events.map((e) => e.eventId)).not.toContain(event.eventId);
  }, 30_000);

  describe('two instances, each with its own cache of cases', () => {
    const instance = () => handlerWith(new RacingStore(store, 0));
    const record = (handler: RecordCaseEventsHandler, ...events: object[]) =>
      handler.execute(new RecordCaseEventsCommand(events, principal));

    it('does not refuse on a stale cache: a decision made on the other instance counts', async () => {
      const [a, b] = [instance(), instance()];
      const caseId = `SAG-${randomUUID().slice(0, 8)}`;
      expect((await record(a, helpRequested(caseId)))[0]!.status).toBe('stored'); // a caches the open case
      expect((await record(b, decision(caseId, 'D1')))[0]!.status).toBe('stored'); // b decides; a does not know
      expect((await record(a, delivered(caseId, 'D1')))[0]).toMatchObject({ status: 'stored' });
    });

    it('answers a HelpRequested sent again through the other instance as a duplicate, not a second HelpRequested', async () => {
      const [a, b] = [instance(), instance()];
      const caseId = `SAG-${randomUUID().slice(0, 8)}`;
      const opened = helpRequested(caseId);
      const first = await record(a, opened);
      expect(await record(b, opened)).toEqual([{ eventId: opened.eventId, status: 'duplicate', position: first[0]!.position }]);
      expect(await record(a, opened)).toEqual([{ eventId: opened.eventId, status: 'duplicate', position: first[0]!.position }]);
    });

    it('refuses a second HelpRequested for a case opened on the other instance (assumed new, proven otherwise)', async () => {
      const [a, b] = [instance(), instance()];
      const caseId = `SAG-${randomUUID().slice(0, 8)}`;
      await record(a, helpRequested(caseId));
      expect((await record(b, helpRequested(caseId)))[0]).toMatchObject({
        status: 'rejected',
        errors: [{ rule: 'oneHelpRequestedPerCase' }],
      });
      expect((await store.readStream(`case-101-${caseId}`)).currentVersion).toBe(1);
    });
  });
});

function decision(caseId: string, decisionId: string) {
  return {
    eventId: randomUUID(),
    type: 'DecisionMade',
    kommune: '101',
    caseId,
    occurredAt: '2026-02-01T09:00:00Z',
    data: {
      decisionId,
      outcome: 'granted',
      writtenReasons: true,
      complaintGuidance: true,
      plannedStart: '2026-03-01',
      decidedBy: 'caseworker',
    },
  };
}

function delivered(caseId: string, decisionId: string) {
  return { eventId: randomUUID(), type: 'HelpDelivered', kommune: '101', caseId, occurredAt: '2026-03-02T09:00:00Z', data: { decisionId } };
}

function helpRequested(caseId: string, eventId = randomUUID()) {
  return {
    eventId,
    type: 'HelpRequested',
    kommune: '101',
    caseId,
    occurredAt: '2026-01-05T09:00:00Z',
    data: { citizenId: 'C-1', area: 'sel_83', department: 'health', channel: 'digital' },
  };
}

function contact(caseId: string) {
  return {
    eventId: randomUUID(),
    type: 'ContactRecorded',
    kommune: '101',
    caseId,
    occurredAt: '2026-01-06T09:00:00Z',
    data: { kind: 'video', initiatedBy: 'kommune' },
  };
}
