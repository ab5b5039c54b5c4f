import {
  ANSWER_KEYS,
  TIMING_CATEGORIES,
  type GapCell,
  type MeasurementResults,
  type QuestionCell,
  type Suppressed,
  type TimingCell,
} from '@tillidsbarometer/surveys';

const COLUMNS = [
  'kind',
  'question_id',
  'role',
  'gap',
  'suppressed',
  'n',
  'mean',
  'sd',
  'ci95_low',
  'ci95_high',
  ...ANSWER_KEYS.map((key) => `answers_${key}`),
  'baseline_2020',
  'reverse_coded',
  'difference',
  'p',
  ...TIMING_CATEGORIES.map((category) => `share_${category}`),
  ...TIMING_CATEGORIES.map((category) => `baseline_2020_${category}`),
  'previous_measurement_id',
  'previous_n',
  'previous_mean',
  'change',
  'change_p',
  'change_significant',
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, string | number | boolean | null>>;

/**
 * The results as one CSV table (RFC 4180: comma-separated, a dot for decimals, UTF-8, CRLF): a row per question
 * and role, per gap, per role's timing shares; a suppressed cell is a row with only `suppressed` true.
 */
export function resultsCsv(results: MeasurementResults): string {
  const rows: Row[] = [];
  for (const [questionId, cells] of Object.entries(results.questions)) {
    for (const [role, cell] of Object.entries(cells))
      rows.push({ kind: 'question', question_id: questionId, role, ...questionColumns(cell) });
  }
  for (const [questionId, gaps] of Object.entries(results.gaps)) {
    for (const [gap, cell] of Object.entries(gaps)) rows.push({ kind: 'gap', question_id: questionId, gap, ...gapColumns(cell) });
  }
  for (const [role, cell] of Object.entries(results.timing))
    rows.push({ kind: 'timing', question_id: 'help_in_time', role, ...timingColumns(cell) });
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => field(row[column])).join(','))].join('\r\n') + '\r\n';
}

function questionColumns(cell: QuestionCell | Suppressed): Row {
  if ('suppressed' in cell) return { suppressed: true };
  const previous = cell.previous && !('suppressed' in cell.previous) ? cell.previous : undefined;
  return {
    suppressed: false,
    n: cell.n,
    mean: cell.mean,
    sd: cell.sd,
    ci95_low: cell.ci95[0],
    ci95_high: cell.ci95[1],
    ...Object.fromEntries(ANSWER_KEYS.map((key) => [`answers_${key}`, cell.distribution[key]])),
    baseline_2020: cell.baseline2020,
    reverse_coded: cell.reverseCoded,
    previous_measurement_id: cell.previous?.measurementId ?? null,
    previous_n: previous?.n,
    previous_mean: previous?.mean,
    change: previous?.change.difference,
    change_p: previous?.change.p,
    change_significant: previous?.change.significant,
  };
}

function gapColumns(cell: GapCell | Suppressed): Row {
  if ('suppressed' in cell) return { suppressed: true };
  return {
    suppressed: false,
    difference: cell.difference,
    ci95_low: cell.ci95?.[0],
    ci95_high: cell.ci95?.[1],
    p: cell.p,
    baseline_2020: cell.baseline2020,
  };
}

function timingColumns(cell: TimingCell | Suppressed): Row {
  if ('suppressed' in cell) return { suppressed: true };
  return {
    suppressed: false,
    n: cell.n,
    ...Object.fromEntries(TIMING_CATEGORIES.map((category) => [`share_${category}`, cell[category]])),
    ...Object.fromEntries(TIMING_CATEGORIES.map((category) => [`baseline_2020_${category}`, cell.baseline2020[category]])),
    previous_measurement_id: cell.previous?.measurementId ?? null,
  };
}

function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
