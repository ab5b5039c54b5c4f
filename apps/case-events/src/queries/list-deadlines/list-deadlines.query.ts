import type { Deadline } from '@tillidsbarometer/domain';

/** A kommune's processing deadlines: those in force now, and every publication. */
export class ListDeadlinesQuery {
  constructor(readonly kommune: string) {}
}

export interface DeadlineListing {
  kommune: string;
  /** Per area, the deadline in force now. */
  inForce: Deadline[];
  /** Every entry ever published, in the order published. */
  history: Array<Deadline & { publishedAt: string }>;
}
