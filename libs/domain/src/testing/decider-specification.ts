import type { FieldError } from '../validation/field-error';

interface Decider<State, Event> {
  decide(state: State, event: Event): { ok: true; events: Event[] } | { ok: false; errors: FieldError[] };
  evolve(state: State, event: Event): State;
  initialState: State;
}

/**
 * given(events).when(event).then(events) / .thenRejects(rule), for a decider with no database (the Emmett
 * DeciderSpecification, in a few lines).
 */
export function deciderSpecification<State, Event>(decider: Decider<State, Event>) {
  return (...given: Event[]) => ({
    when(event: Event) {
      const state = given.reduce(decider.evolve, decider.initialState);
      const decision = decider.decide(state, event);
      return {
        then(expected: Event[]): void {
          if (!decision.ok) throw new Error(`expected the event to be accepted, but: ${decision.errors.map((e) => e.message).join('; ')}`);
          expect(decision.events).toEqual(expected);
        },
        thenRejects(rule: string, field?: string): FieldError {
          if (decision.ok) throw new Error(`expected a rejection by ${rule}, but the event was accepted`);
          expect(decision.errors.map((e) => e.rule)).toContain(rule);
          const error = decision.errors.find((e) => e.rule === rule)!;
          if (field !== undefined) expect(error.field).toBe(field);
          return error;
        },
      };
    },
  });
}
