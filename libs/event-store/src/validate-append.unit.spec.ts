import { randomUUID } from 'node:crypto';
import { InvalidAppendError } from './errors';
import type { NewEvent } from './event-store.port';
import { validateAppends } from './validate-append';

const event = (overrides: Partial<NewEvent> = {}): NewEvent => ({ eventId: randomUUID(), type: 'HelpRequested', data: {}, ...overrides });

describe('validateAppends', () => {
  it('accepts case streams, kommune configuration streams and the ids of the case systems', () => {
    expect(() =>
      validateAppends([
        { streamName: 'case-101-SAG.2024:00017', events: [event()] },
        { streamName: 'kommune-config-851', events: [event({ metadata: { by: 'x' } })], expectedVersion: 3 },
      ]),
    ).not.toThrow();
  });

  it('names the field and the rule', () => {
    expect(() => validateAppends([{ streamName: 'ok', events: [event({ type: '1bad' })] }])).toThrow(
      new InvalidAppendError('appends[0].events[0].type', 'must be 1-100 characters of letters, digits and _.- starting with a letter'),
    );
  });

  it('refuses one event id given for two different streams in a batch, but not a repeat within one stream', () => {
    const shared = event();
    expect(() => validateAppends([{ streamName: 'a', events: [shared, shared] }])).not.toThrow();
    expect(() =>
      validateAppends([
        { streamName: 'a', events: [shared] },
        { streamName: 'b', events: [shared] },
      ]),
    ).toThrow(/appends\[1\]\.events\[0\]\.eventId is also given for stream a/);
  });

  it('refuses metadata that is not a plain object, and a lone surrogate anywhere in the data', () => {
    expect(() => validateAppends([{ streamName: 'a', events: [event({ metadata: [] as never })] }])).toThrow(
      /metadata must be a plain object/,
    );
    expect(() => validateAppends([{ streamName: 'a', events: [event({ data: { s: '\ud800' } })] }])).toThrow(/lone surrogate/);
    expect(() => validateAppends([{ streamName: 'a', events: [event({ data: { ['k\u0000']: 1 } })] }])).toThrow(
      /data key must not contain U\+0000/,
    );
  });

  it('refuses an empty batch and an expected version that is not a whole number', () => {
    expect(() => validateAppends([])).toThrow(/appends must be a non-empty array/);
    expect(() => validateAppends([{ streamName: 'a', events: [event()], expectedVersion: 1.5 }])).toThrow(/expectedVersion/);
  });
});
