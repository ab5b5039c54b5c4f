import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal, Pseudonymiser } from '@tillidsbarometer/auth';
import {
  caseStreamName,
  decide,
  evolve,
  fieldError,
  initialCaseState,
  toCaseEvent,
  validateCaseEventRequest,
  type CaseEvent,
  type CaseState,
  type FieldError,
} from '@tillidsbarometer/domain';
import { EVENT_STORE, type EventStore, type JsonValue, type StreamAppend } from '@tillidsbarometer/event-store';
import { CLOCK, PSEUDONYMISER, type Clock } from '@tillidsbarometer/runtime';
import { CaseEventsMetrics } from '../../case-events.metrics';
import { CaseStateCache, type CachedCase } from './case-state-cache';
import { CONCURRENT_CHANGE_RULE, FORBIDDEN_RULE, RecordCaseEventsCommand, type RecordedCaseEvent } from './record-case-events.command';

/**
 * How often a case that another request changed meanwhile is loaded and decided again, after a random pause
 * that grows each time so that requests racing for one case spread out instead of colliding again.
 */
const MAX_ATTEMPTS = 6;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));

/** A case as known when deciding; `storedEventIds` only when it was just read from the store. */
interface KnownCase extends CachedCase {
  storedEventIds?: Map<string, number>;
}

interface Candidate {
  index: number;
  eventId: string;
  stream: string;
  event: CaseEvent;
}

/**
 * Validates each event, checks the caller may write for its kommune, pseudonymises the person ids, then
 * decides every event against its case and stores all of them in one batch append (one transaction), each
 * case guarded by the version it was decided on. Cases come from a cache of recent ones, are assumed new
 * when their HelpRequested is here, or are read (all of a batch's in one round trip). A case that another
 * request changed in between is read and decided again, a few times, before its events are answered as a
 * concurrent change.
 */
@CommandHandler(RecordCaseEventsCommand)
export class RecordCaseEventsHandler implements ICommandHandler<RecordCaseEventsCommand, RecordedCaseEvent[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PSEUDONYMISER) private readonly pseudonymiser: Pseudonymiser,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: CaseEventsMetrics,
    private readonly cases: CaseStateCache,
  ) {}

  async execute({ bodies, principal }: RecordCaseEventsCommand): Promise<RecordedCaseEvent[]> {
    const now = this.clock();
    const answers: RecordedCaseEvent[] = new Array(bodies.length);
    const candidates: Candidate[] = [];
    const firstWithId = new Map<string, number>();
    const repeats: Array<{ index: number; of: number }> = [];

    bodies.forEach((body, index) => {
      const eventId = eventIdOf(body);
      const validation = validateCaseEventRequest(body, now);
      if (!validation.ok) return void (answers[index] = this.rejected(eventId, validation.errors));
      const request = validation.request;
      if (!mayWriteFor(principal, request.kommune)) {
        const rule = `must be the kommune of your token (${principal.kommune ?? 'none'})`;
        return void (answers[index] = this.rejected(eventId, [fieldError('kommune', FORBIDDEN_RULE, rule)]));
      }
      // The same eventId twice in one request: the later one answers as the earlier one does.
      const key = request.eventId.toLowerCase();
      const first = firstWithId.get(key);
      if (first !== undefined) return void repeats.push({ index, of: first });
      firstWithId.set(key, index);
      let event: CaseEvent;
      try {
        event = toCaseEvent(request, (kommune, kind, value) => this.pseudonymiser.pseudonymise(kommune, kind, value));
      } catch {
        const rule = 'has no pseudonymisation key configured here, so its events cannot be accepted; tell the operator';
        return void (answers[index] = this.rejected(request.eventId, [fieldError('kommune', 'kommuneNotConfigured', rule)]));
      }
      candidates.push({ index, eventId: request.eventId, stream: caseStreamName(request.kommune, request.caseId), event });
    });

    await this.decideAndStore(candidates, answers, principal, now);
    for (const { index, of } of repeats) answers[index] = repeatOf(answers[of]!, eventIdOf(bodies[index]));
    return answers;
  }

  private async decideAndStore(candidates: Candidate[], answers: RecordedCaseEvent[], principal: Principal, now: Date): Promise<void> {
    let pending = candidates;
    const mustRead = new Set<string>();
    for (let attempt = 1; pending.length > 0; attempt++) {
      const byStream = groupByStream(pending);
      // Decide every case before storing anything, so that a batch is one append (one transaction). A case
      // decided on a cached or assumed state that refuses an event is read and decided again first.
      let decided = this.decide(byStream, await this.loadCases(byStream, mustRead), answers, principal, now);
      if (decided.mustRead.size > 0) {
        decided.mustRead.forEach((stream) => mustRead.add(stream));
        const again = new Map([...byStream].filter(([stream]) => decided.mustRead.has(stream)));
        const redecided = this.decide(again, await this.loadCases(again, mustRead), answers, principal, now);
        decided = {
          appends: [...decided.appends, ...redecided.appends],
          appended: new Map([...decided.appended, ...redecided.appended]),
          mustRead: new Set(),
        };
      }

      const conflicts: Candidate[] = [];
      for (const result of decided.appends.length > 0 ? await this.store.appendToStreams(decided.appends) : []) {
        const { candidates: accepted, state } = decided.appended.get(result.streamName)!;
        if (result.status === 'appended') {
          this.cases.set(result.streamName, { state, version: result.nextExpectedVersion });
          result.events.forEach((stored, k) => {
            const candidate = accepted[k]!;
            answers[candidate.index] = { eventId: candidate.eventId, status: stored.status, position: stored.globalPosition };
            if (stored.status === 'stored') this.metrics.stored.inc({ type: candidate.event.type });
            else this.metrics.duplicates.inc();
          });
          continue;
        }
        // Someone else appended to the case since we looked: read it and decide its events again.
        this.cases.forget(result.streamName);
        mustRead.add(result.streamName);
        if (attempt < MAX_ATTEMPTS) {
          conflicts.push(...byStream.get(result.streamName)!);
        } else {
          const rule = 'names a case that other requests kept changing meanwhile; send the event again';
          for (const candidate of byStream.get(result.streamName)!) {
            answers[candidate.index] = this.rejected(candidate.eventId, [fieldError('caseId', CONCURRENT_CHANGE_RULE, rule)]);
          }
        }
      }
      pending = conflicts;
      if (conflicts.length > 0) await backoff(attempt);
    }
  }

  /** Decides each case's events in order; answers duplicates and (final) rejections; plans the appends. */
  private decide(
    byStream: Map<string, Candidate[]>,
    cases: Map<string, KnownCase>,
    answers: RecordedCaseEvent[],
    principal: Principal,
    now: Date,
  ) {
    const appends: StreamAppend[] = [];
    const appended = new Map<string, { candidates: Candidate[]; state: CaseState }>();
    const mustRead = new Set<string>();
    for (const [stream, streamCandidates] of byStream) {
      const known = cases.get(stream)!;
      let state = known.state;
      const accepted: Candidate[] = [];
      const rejections: Array<[Candidate, FieldError[]]> = [];
      for (const candidate of streamCandidates) {
        const original = known.storedEventIds?.get(candidate.eventId.toLowerCase());
        if (original !== undefined) {
          answers[candidate.index] = { eventId: candidate.eventId, status: 'duplicate', position: original };
          this.metrics.duplicates.inc();
          continue;
        }
        const decision = decide(state, candidate.event);
        if (!decision.ok) {
          rejections.push([candidate, decision.errors]);
          continue;
        }
        state = evolve(state, candidate.event);
        accepted.push(candidate);
      }
      if (rejections.length > 0 && !known.storedEventIds) {
        // Not read from the store just now: it may have changed elsewhere, or the event may be one stored before.
        mustRead.add(stream);
        continue;
      }
      for (const [candidate, errors] of rejections) answers[candidate.index] = this.rejected(candidate.eventId, errors);
      if (accepted.length === 0) continue;
      appended.set(stream, { candidates: accepted, state });
      appends.push({
        streamName: stream,
        expectedVersion: known.version,
        events: accepted.map(({ eventId, event }) => ({
          eventId,
          type: event.type,
          data: event.data as unknown as JsonValue,
          metadata: { receivedAt: now.toISOString(), source: principal.subject },
        })),
      });
    }
    return { appends, appended, mustRead };
  }

  /**
   * The state of each case to decide on: from the cache; assumed new when its first event here is the
   * HelpRequested (the append's "no stream" expectation proves it); else read, with its stored event ids
   * (those reads, for many cases, are one round trip).
   */
  private async loadCases(byStream: Map<string, Candidate[]>, mustRead: Set<string>): Promise<Map<string, KnownCase>> {
    const known = new Map<string, KnownCase>();
    const toRead: string[] = [];
    for (const [stream, streamCandidates] of byStream) {
      const cached = mustRead.has(stream) ? undefined : this.cases.get(stream);
      if (cached) known.set(stream, cached);
      else if (!mustRead.has(stream) && streamCandidates[0]!.event.type === 'HelpRequested')
        known.set(stream, { state: initialCaseState, version: 0 });
      else toRead.push(stream);
    }
    if (toRead.length === 0) return known;
    for (const [stream, history] of await this.store.readStreams(toRead)) {
      mustRead.delete(stream);
      known.set(stream, {
        state: history.events.reduce((current, stored) => evolve(current, stored as unknown as CaseEvent), initialCaseState),
        version: history.currentVersion,
        storedEventIds: new Map(history.events.map((e) => [e.eventId.toLowerCase(), e.globalPosition])),
      });
    }
    return known;
  }

  private rejected(eventId: string | null, errors: FieldError[]): RecordedCaseEvent {
    for (const error of errors) this.metrics.rejected.inc({ rule: error.rule });
    return { eventId, status: 'rejected', errors };
  }
}

/** source_system writes for the kommune of its token; admin for any. */
function mayWriteFor(principal: Principal, kommune: string): boolean {
  return principal.role === 'admin' || principal.kommune === kommune;
}

function eventIdOf(body: unknown): string | null {
  const eventId = body !== null && typeof body === 'object' ? (body as { eventId?: unknown }).eventId : undefined;
  return typeof eventId === 'string' ? eventId : null;
}

function groupByStream(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const byStream = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const list = byStream.get(candidate.stream) ?? [];
    list.push(candidate);
    byStream.set(candidate.stream, list);
  }
  return byStream;
}

/** A later event of the same request with an eventId already given: answered as that one, as a duplicate. */
function repeatOf(first: RecordedCaseEvent, eventId: string | null): RecordedCaseEvent {
  if (first.status === 'rejected') {
    return {
      eventId,
      status: 'rejected',
      errors: [fieldError('eventId', 'repeatsRejectedEvent', 'repeats an event rejected earlier in this request')],
    };
  }
  return { eventId, status: 'duplicate', position: first.position };
}
