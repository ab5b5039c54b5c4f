import { initialCaseState } from '@tillidsbarometer/domain';
import { CaseStateCache } from './case-state-cache';

const entry = (version: number) => ({ state: initialCaseState, version });

describe('CaseStateCache', () => {
  it('keeps at most about its capacity, dropping the least recently used generation', () => {
    const cache = new CaseStateCache(10);
    for (let i = 0; i < 100; i++) cache.set(`case-${i}`, entry(i));
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.get('case-99')).toEqual(entry(99));
    expect(cache.get('case-0')).toBeUndefined();
  });

  it('keeps an entry that is used, even when newer ones arrive', () => {
    const cache = new CaseStateCache(10);
    cache.set('kept', entry(1));
    for (let i = 0; i < 50; i++) {
      cache.set(`case-${i}`, entry(i));
      expect(cache.get('kept')).toEqual(entry(1)); // read between arrivals: always moved back to the young generation
    }
  });

  it('forgets an entry in either generation and replaces one set again', () => {
    const cache = new CaseStateCache(4);
    cache.set('a', entry(1));
    cache.set('b', entry(2)); // young is full: a and b are now the old generation
    cache.set('c', entry(3));
    cache.forget('a');
    cache.forget('c');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    cache.set('b', entry(5));
    expect(cache.get('b')).toEqual(entry(5));
  });
});
