/**
 * Whether alert `a` is held back at `$now`: a silence matches it (kommune, codes, case), or it is a delayed-help
 * alert of a kommune whose feed is stale (FEED_STALE firing inhibits them, as an Alertmanager inhibit rule would).
 * `now` and `delayed` are the numbers of the statement's parameters holding the moment and the delayed-help codes.
 */
export function mutedSql(now: number, delayed: number, a = 'a'): string {
  return `(${silencedSql(now, a)} OR (${a}.code = ANY($${delayed}::text[]) AND ${inhibitedSql(a)}))`;
}

export function silencedSql(now: number, a = 'a'): string {
  return `EXISTS (SELECT 1 FROM alerting.silences si WHERE si.starts_at <= $${now} AND si.ends_at > $${now}
            AND (si.kommune IS NULL OR si.kommune = ${a}.kommune) AND (si.codes IS NULL OR ${a}.code = ANY(si.codes))
            AND (si.case_id IS NULL OR si.case_id = ${a}.case_id))`;
}

export function inhibitedSql(a = 'a'): string {
  return `EXISTS (SELECT 1 FROM alerting.alerts fs WHERE fs.kommune = ${a}.kommune AND fs.code = 'FEED_STALE' AND fs.status = 'firing')`;
}
