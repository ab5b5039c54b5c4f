/** The time, injected where rules depend on it (future timestamps, deadlines), so tests can set it. */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
