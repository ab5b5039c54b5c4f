/**
 * DOMAIN.md: a survey figure from fewer than 5 answers is never shown, and no filter combination may reveal one
 * person. A department filter shows the figures of one part of a whole whose figures are shown too, so a reader can
 * subtract: whole − the departments shown = the rest. The rule (complementary suppression, as statistics offices
 * apply it to tables with margins):
 *
 *   1. a part is shown only when it has at least `minimum` answers;
 *   2. if the rest (the whole minus every part shown) holds 1 to `minimum` − 1 answers, the smallest part shown is
 *      withheld too (ties: the first by name), so that the rest holds at least `minimum`.
 *
 * Then every combination a reader can form — the whole minus any set of shown parts — leaves either nothing or at
 * least `minimum` answers: each withheld sum is the rest (0 or ≥ minimum) plus shown parts (each ≥ minimum). Sums
 * of shown parts are larger than any part, and parts are disjoint, so nothing smaller can be formed.
 *
 * Returns the parts that may be shown. The same answer whichever part a reader asks for, so asking for several
 * parts one after the other reveals nothing more.
 */
export function disclosableParts(total: number, parts: ReadonlyMap<string, number>, minimum: number): Set<string> {
  const shown = [...parts].filter(([, count]) => count >= minimum);
  const rest = total - shown.reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0 && rest < minimum && shown.length > 0) {
    const smallest = shown.reduce((min, part) => (part[1] < min[1] || (part[1] === min[1] && part[0] < min[0]) ? part : min));
    return new Set(shown.filter((part) => part !== smallest).map(([name]) => name));
  }
  return new Set(shown.map(([name]) => name));
}
