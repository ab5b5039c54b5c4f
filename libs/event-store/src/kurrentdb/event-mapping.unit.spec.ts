import type { RecordedEvent as KurrentDbRecordedEvent } from '@kurrent/kurrentdb-client';
import { EventStoreError } from '../errors';
import { isSystemEvent, toEventData, toRecordedEvent } from './event-mapping';

const created = new Date('2026-11-20T08:30:00.123Z');

function recorded(overrides: Partial<Record<keyof KurrentDbRecordedEvent, unknown>> = {}): KurrentDbRecordedEvent {
  return {
    streamId: 'case-101-SAG-1',
    id: '5b0f6c3e-2d7a-4b8e-9c1d-0e2f3a4b5c6d',
    isJson: true,
    revision: 2n,
    type: 'DecisionMade',
    created,
    data: { outcome: 'granted' },
    metadata: { source: 'sys' },
    position: { commit: 51_200n, prepare: 51_088n },
    ...overrides,
  } as KurrentDbRecordedEvent;
}

describe('events between the port and KurrentDB', () => {
  it('writes a new event as JSON event data with its id in lower case and its metadata as an object', () => {
    expect(
      toEventData({ eventId: '5B0F6C3E-2D7A-4B8E-9C1D-0E2F3A4B5C6D', type: 'HelpRequested', data: { area: 'sel_83' }, metadata: { n: 1 } }),
    ).toEqual({
      id: '5b0f6c3e-2d7a-4b8e-9c1d-0e2f3a4b5c6d',
      contentType: 'application/json',
      type: 'HelpRequested',
      data: { area: 'sel_83' },
      metadata: { n: 1 },
    });
    expect(toEventData({ eventId: '5b0f6c3e-2d7a-4b8e-9c1d-0e2f3a4b5c6d', type: 'A', data: null }).metadata).toEqual({});
  });

  it('reads a recorded event: position = revision + 1, global position = prepare position, checkpoint = $all position', () => {
    expect(toRecordedEvent(recorded())).toEqual({
      eventId: '5b0f6c3e-2d7a-4b8e-9c1d-0e2f3a4b5c6d',
      type: 'DecisionMade',
      data: { outcome: 'granted' },
      metadata: { source: 'sys' },
      streamName: 'case-101-SAG-1',
      streamPosition: 3,
      globalPosition: 51_088,
      checkpoint: '51200:51088',
      recordedAt: created,
    });
  });

  it('reads absent metadata as {} and keeps JSON data that is not an object', () => {
    const event = toRecordedEvent(recorded({ metadata: undefined, data: 42 }));
    expect(event.metadata).toEqual({});
    expect(event.data).toBe(42);
  });

  it('refuses, with the event named, what this store never writes', () => {
    expect(() => toRecordedEvent(recorded({ isJson: false, data: new Uint8Array([1, 2]) }))).toThrow(/5b0f6c3e.* is not JSON/);
    expect(() => toRecordedEvent(recorded({ metadata: new Uint8Array([1]) }))).toThrow(/metadata that is not a JSON object/);
    expect(() => toRecordedEvent(recorded({ metadata: ['a'] }))).toThrow(EventStoreError);
    expect(() => toRecordedEvent(recorded({ position: undefined }))).toThrow(/needs KurrentDB 22.6 or newer/);
  });

  it("tells KurrentDB's system events from the store's", () => {
    expect(isSystemEvent({ type: '$statsCollected', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
    expect(isSystemEvent({ type: '$>', streamId: '$ce-case' })).toBe(true);
    expect(isSystemEvent({ type: '$metadata', streamId: '$$case-101-SAG-1' })).toBe(true);
    expect(isSystemEvent({ type: 'HelpRequested', streamId: 'case-101-SAG-1' })).toBe(false);
  });
});
