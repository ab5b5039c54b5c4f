/**
 * The committed position of a log consumer (a Kafka partition's offset, the in-process log's group position)
 * when messages of different keys finish out of order: the position moves only over an unbroken run of
 * handled messages from the last commit, so a restart from it redelivers everything not handled, never skips.
 */
export class ContiguousWatermark<P> {
  private readonly entries: Array<{ id: string; position: P; done: boolean }> = [];
  private readonly byId = new Map<string, { id: string; position: P; done: boolean }>();
  private head = 0;

  /** Registers the next message in log order; `done` for one already handled (acknowledged by an earlier run). */
  add(id: string, position: P, done = false): void {
    if (this.byId.has(id)) throw new Error(`position ${id} was added twice`);
    const entry = { id, position, done };
    this.entries.push(entry);
    this.byId.set(id, entry);
  }

  /** Marks a message handled; unknown ids are ignored (a message of an earlier generation). */
  complete(id: string): void {
    const entry = this.byId.get(id);
    if (entry) entry.done = true;
  }

  /**
   * Moves over the handled run at the front and returns what it passed: the new watermark (the last position
   * passed) and the ids passed, or undefined when the front message is still open.
   */
  advance(): { position: P; passed: string[] } | undefined {
    const passed: string[] = [];
    let position: P | undefined;
    while (this.head < this.entries.length && this.entries[this.head]!.done) {
      const entry = this.entries[this.head]!;
      passed.push(entry.id);
      position = entry.position;
      this.byId.delete(entry.id);
      this.head += 1;
    }
    if (this.head > 1_024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    return passed.length === 0 ? undefined : { position: position as P, passed };
  }

  /** Messages registered and not yet passed. */
  get open(): number {
    return this.entries.length - this.head;
  }
}
