/** Something waiting to be sent: the time it is due (`at`) and a unique tie-breaker that fixes the order. */
export interface Pending {
  at: number;
  order: number;
}

/**
 * A binary min-heap on (at, order). It holds one entry per kommune (its next request) and per case with events
 * still to arrive, never the events themselves, so its size is the number of open cases.
 */
export class PendingQueue<T extends Pending> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(item: T): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      this.siftDown();
    }
    return top;
  }

  /** Restores the order after the first entry's `at` grew (its next event is later). */
  updatePeek(): void {
    this.siftDown();
  }

  private siftDown(): void {
    const heap = this.heap;
    const length = heap.length;
    const item = heap[0];
    if (item === undefined) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, item)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = item;
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
