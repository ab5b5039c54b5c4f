import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
  validateSync,
  type ValidationOptions,
} from 'class-validator';
import { DEPARTMENTS } from '../departments';
import { KOMMUNE_CODES } from '../kommuner/kommune-registry';
import { fieldError, flattenValidationErrors, type FieldError } from '../validation/field-error';
import {
  KOMMUNE_SNAPSHOT_SCHEMA,
  KOMMUNE_SNAPSHOT_VERSION,
  SNAPSHOT_INDICATOR_IDS,
  SNAPSHOT_INDICATOR_KINDS,
  SNAPSHOT_REASONS,
  SNAPSHOT_THRESHOLDS,
  SNAPSHOT_WARNING_CODES,
  SNAPSHOT_WINDOWS,
  SURVEY_ANSWER_KEYS,
  SURVEY_GAPS,
  SURVEY_ROLES,
  SURVEY_TIMING_CATEGORIES,
  type KommuneSnapshot,
  type SnapshotFigureKind,
} from './kommune-snapshot';

/**
 * The national service's door: a snapshot is stored only when it is version 1, well-formed, and keeps every
 * suppression rule (DOMAIN.md, Personal data). A publisher with a bug, an old one, or something that is no snapshot
 * at all is refused with the reasons, so the consumer can park it. The rules are checked here again rather than
 * trusted, because the national store must never hold a cell under the thresholds, whoever sent it.
 */
export type ParsedKommuneSnapshot = { ok: true; snapshot: KommuneSnapshot } | { ok: false; errors: FieldError[] };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Codes and ids only (a series name, a question id, a method): never room for free text. */
const CODE = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_CELLS = 10_000;
const NULLABLE = (property: string) => ValidateIf((o: Record<string, unknown>) => o[property] !== null);
const message = (rule: string, text: string): ValidationOptions => ({ message: `${rule}\u001fmust ${text}` });

class RoleCountDto {
  @IsIn(SURVEY_ROLES, message('isIn', `be one of ${SURVEY_ROLES.join(', ')}`))
  role!: string;
  @IsBoolean(message('isBoolean', 'be true or false'))
  suppressed!: boolean;
  @NULLABLE('n')
  @IsInt(message('isInt', 'be a whole number or null'))
  @Min(0, message('min', 'be at least 0'))
  n!: number | null;
}

class QuestionCellDto {
  @Matches(CODE, message('matches', 'be a question id'))
  questionId!: string;
  @IsIn(SURVEY_ROLES, message('isIn', `be one of ${SURVEY_ROLES.join(', ')}`))
  role!: string;
  @IsBoolean(message('isBoolean', 'be true or false'))
  suppressed!: boolean;
  @NULLABLE('n')
  @IsInt(message('isInt', 'be a whole number or null'))
  @Min(0, message('min', 'be at least 0'))
  n!: number | null;
  @NULLABLE('mean')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a finite number or null'))
  mean!: number | null;
  @NULLABLE('sd')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a finite number or null'))
  sd!: number | null;
  @NULLABLE('ci95')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, ...message('isNumber', 'be two finite numbers or null') })
  ci95!: [number, number] | null;
  @NULLABLE('distribution')
  @IsObject(message('isObject', 'be an object or null'))
  distribution!: Record<string, number> | null;
}

class GapCellDto {
  @Matches(CODE, message('matches', 'be a question id'))
  questionId!: string;
  @IsIn(SURVEY_GAPS, message('isIn', `be one of ${SURVEY_GAPS.join(', ')}`))
  gap!: string;
  @IsBoolean(message('isBoolean', 'be true or false'))
  suppressed!: boolean;
  @NULLABLE('difference')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a finite number or null'))
  difference!: number | null;
  @NULLABLE('ci95')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, ...message('isNumber', 'be two finite numbers or null') })
  ci95!: [number, number] | null;
  @NULLABLE('p')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a finite number or null'))
  p!: number | null;
}

class TimingCellDto {
  @IsIn(SURVEY_ROLES, message('isIn', `be one of ${SURVEY_ROLES.join(', ')}`))
  role!: string;
  @IsBoolean(message('isBoolean', 'be true or false'))
  suppressed!: boolean;
  @NULLABLE('n')
  @IsInt(message('isInt', 'be a whole number or null'))
  @Min(0, message('min', 'be at least 0'))
  n!: number | null;
  @NULLABLE('i_rette_tid')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a share or null'))
  i_rette_tid!: number | null;
  @NULLABLE('noget_sent')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a share or null'))
  noget_sent!: number | null;
  @NULLABLE('saa_sent_at_det_gav_problemer')
  @IsNumber({ allowNaN: false, allowInfinity: false }, message('isNumber', 'be a share or null'))
  saa_sent_at_det_gav_problemer!: number | null;
}

class MeasurementDto {
  @Matches(UUID, message('isUuid', 'be a UUID'))
  measurementId!: string;
  @Matches(ISO_INSTANT, message('isTimestamp', 'be an ISO-8601 timestamp'))
  closedAt!: string;
  @IsIn(SURVEY_ROLES, { each: true, ...message('isIn', `be a list of ${SURVEY_ROLES.join(', ')}`) })
  roles!: string[];
  @Matches(CODE, { each: true, ...message('matches', 'be a list of question ids') })
  questionIds!: string[];
  @IsArray(message('isArray', 'be a list'))
  @ValidateNested({ each: true })
  @Type(() => RoleCountDto)
  responses!: RoleCountDto[];
  @IsArray(message('isArray', 'be a list'))
  @ValidateNested({ each: true })
  @Type(() => QuestionCellDto)
  questions!: QuestionCellDto[];
  @IsArray(message('isArray', 'be a list'))
  @ValidateNested({ each: true })
  @Type(() => GapCellDto)
  gaps!: GapCellDto[];
  @IsArray(message('isArray', 'be a list'))
  @ValidateNested({ each: true })
  @Type(() => TimingCellDto)
  timing!: TimingCellDto[];
}

class WarningDto {
  @IsIn(SNAPSHOT_WARNING_CODES, message('isIn', `be one of ${SNAPSHOT_WARNING_CODES.join(', ')}`))
  code!: string;
  @NULLABLE('department')
  @IsIn(DEPARTMENTS, message('isIn', `be null or one of ${DEPARTMENTS.join(', ')}`))
  department!: string | null;
  @Matches(CODE, message('matches', 'be a series code'))
  series!: string;
  @Matches(CODE, message('matches', 'be a method code'))
  method!: string;
  @IsObject(message('isObject', 'be an object'))
  parameters!: Record<string, unknown>;
  @Matches(ISO_INSTANT, message('isTimestamp', 'be an ISO-8601 timestamp'))
  firedAt!: string;
  @NULLABLE('clearedAt')
  @Matches(ISO_INSTANT, message('isTimestamp', 'be null or an ISO-8601 timestamp'))
  clearedAt!: string | null;
}

class ThresholdsDto {
  @Equals(SNAPSHOT_THRESHOLDS.units, message('equals', `be ${SNAPSHOT_THRESHOLDS.units}`))
  units!: number;
  @Equals(SNAPSHOT_THRESHOLDS.surveyAnswers, message('equals', `be ${SNAPSHOT_THRESHOLDS.surveyAnswers}`))
  surveyAnswers!: number;
}

class SnapshotDto {
  @Equals(KOMMUNE_SNAPSHOT_SCHEMA, message('equals', `be ${KOMMUNE_SNAPSHOT_SCHEMA}`))
  schema!: string;
  @Equals(KOMMUNE_SNAPSHOT_VERSION, message('equals', `be ${KOMMUNE_SNAPSHOT_VERSION}`))
  version!: number;
  @Matches(UUID, message('isUuid', 'be a UUID'))
  snapshotId!: string;
  @IsIn(KOMMUNE_CODES, message('isKommuneCode', 'be one of the 98 kommune codes'))
  kommune!: string;
  @IsIn(SNAPSHOT_REASONS, message('isIn', `be one of ${SNAPSHOT_REASONS.join(', ')}`))
  reason!: string;
  @Matches(ISO_INSTANT, message('isTimestamp', 'be an ISO-8601 timestamp'))
  asOf!: string;
  @Matches(ISO_INSTANT, message('isTimestamp', 'be an ISO-8601 timestamp'))
  computedAt!: string;
  @IsObject(message('isObject', 'be an object'))
  @ValidateNested()
  @Type(() => ThresholdsDto)
  thresholds!: ThresholdsDto;
  // The cells are checked by checkFigure (below), field by field: about 700 of them per snapshot, for which
  // class-validator takes some 130 ms and a direct check of the fixed shape well under 1 ms.
  @IsArray(message('isArray', 'be a list'))
  @ArrayMaxSize(MAX_CELLS, message('arrayMaxSize', `hold at most ${MAX_CELLS} cells`))
  cells!: unknown[];
  @IsArray(message('isArray', 'be a list'))
  @ArrayMaxSize(MAX_CELLS, message('arrayMaxSize', `hold at most ${MAX_CELLS} cells`))
  trend!: unknown[];
  @IsArray(message('isArray', 'be a list'))
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MeasurementDto)
  measurements!: MeasurementDto[];
  @IsArray(message('isArray', 'be a list'))
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => WarningDto)
  warnings!: WarningDto[];
}

/** The fields each kind of figure has, besides indicator, window and department (or at). */
const FIGURE_FIELDS: Record<SnapshotFigureKind, readonly string[]> = {
  proportion: ['kind', 'suppressed', 'value', 'numerator', 'denominator'],
  count_proportion: ['kind', 'suppressed', 'value', 'numerator', 'denominator', 'count', 'withNotice', 'withoutNotice'],
  rate: ['kind', 'suppressed', 'value', 'numerator', 'denominator'],
  distribution: ['kind', 'suppressed', 'n', 'median', 'p90'],
};
const RATE_SCALE: Record<string, number> = { complaints_per_100_decisions: 100 };

/** Parses and checks a snapshot (the JSON text of a bus message, or its parsed value). */
export function parseKommuneSnapshot(input: string | Uint8Array | unknown): ParsedKommuneSnapshot {
  let plain: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    try {
      plain = JSON.parse(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'));
    } catch {
      return { ok: false, errors: [fieldError('(message)', 'isJson', 'is not JSON')] };
    }
  }
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, errors: [fieldError('(message)', 'isObject', 'must be a JSON object')] };
  }
  const envelope = plain as Record<string, unknown>;
  // The version first: a snapshot of another version is refused as such, not as a heap of field errors.
  if (envelope.schema !== KOMMUNE_SNAPSHOT_SCHEMA) {
    return { ok: false, errors: [fieldError('schema', 'equals', `must be ${KOMMUNE_SNAPSHOT_SCHEMA}`)] };
  }
  if (envelope.version !== KOMMUNE_SNAPSHOT_VERSION) {
    return {
      ok: false,
      errors: [fieldError('version', 'supportedVersion', `must be ${KOMMUNE_SNAPSHOT_VERSION}: no other version is known`)],
    };
  }
  // The cells are not copied into instances: checkFigure reads them as they are.
  const dto = plainToInstance(SnapshotDto, { ...envelope, cells: [], trend: [] });
  dto.cells = envelope.cells as unknown[];
  dto.trend = envelope.trend as unknown[];
  const structural = flattenValidationErrors(
    validateSync(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    }),
  );
  if (structural.length > 0) return { ok: false, errors: structural.slice(0, 20) };
  const snapshot = plain as KommuneSnapshot;
  const errors = [...checkCells(snapshot), ...checkMeasurements(snapshot), ...checkWarnings(snapshot)];
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, 20) } : { ok: true, snapshot };
}

type Figure = Record<string, unknown> & { kind: SnapshotFigureKind; suppressed: boolean; indicator: string };

const INTEGER_FIELDS = new Set(['count', 'withNotice', 'withoutNotice', 'n']);

/**
 * One cell, checked directly: known indicator, window and department (or month end), its kind's fields and no
 * other, each a finite number at least 0 (whole where it counts) or null; whole or wholly null; and built from at
 * least the minimum of units.
 */
function checkFigure(figure: Figure, at: string, extraKeys: readonly string[], wholeKommune: boolean): FieldError[] {
  if (figure === null || typeof figure !== 'object' || Array.isArray(figure)) return [fieldError(at, 'isObject', 'must be an object')];
  const errors: FieldError[] = [];
  const kind = SNAPSHOT_INDICATOR_KINDS[figure.indicator as keyof typeof SNAPSHOT_INDICATOR_KINDS];
  if (!Object.hasOwn(SNAPSHOT_INDICATOR_KINDS, figure.indicator as string)) {
    return [fieldError(`${at}.indicator`, 'isIn', 'must be one of the indicator ids of CONTRACT.md section 3')];
  }
  if (!(SNAPSHOT_WINDOWS as readonly unknown[]).includes(figure.window))
    errors.push(fieldError(`${at}.window`, 'isIn', `must be one of ${SNAPSHOT_WINDOWS.join(', ')}`));
  if (extraKeys.includes('department') && figure.department !== null && !(DEPARTMENTS as readonly unknown[]).includes(figure.department)) {
    errors.push(fieldError(`${at}.department`, 'isIn', `must be null or one of ${DEPARTMENTS.join(', ')}`));
  }
  if (extraKeys.includes('at') && (typeof figure.at !== 'string' || !ISO_INSTANT.test(figure.at) || Number.isNaN(Date.parse(figure.at)))) {
    errors.push(fieldError(`${at}.at`, 'isTimestamp', 'must be an ISO-8601 timestamp'));
  }
  if (typeof figure.suppressed !== 'boolean') errors.push(fieldError(`${at}.suppressed`, 'isBoolean', 'must be true or false'));
  if (figure.kind !== kind) return [...errors, fieldError(`${at}.kind`, 'kindOfIndicator', `must be ${kind} for ${figure.indicator}`)];
  const expected = new Set([...FIGURE_FIELDS[kind], 'indicator', 'window', ...extraKeys]);
  for (const key of Object.keys(figure))
    if (!expected.has(key)) errors.push(fieldError(`${at}.${key}`, 'unknownField', 'is not allowed: unknown field'));
  for (const key of expected) if (!(key in figure)) errors.push(fieldError(`${at}.${key}`, 'isDefined', 'is required'));
  for (const key of FIGURE_FIELDS[kind].slice(2)) {
    const value = figure[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || (INTEGER_FIELDS.has(key) && !Number.isInteger(value))) {
      errors.push(
        fieldError(`${at}.${key}`, 'isNumber', `must be ${INTEGER_FIELDS.has(key) ? 'a whole number' : 'a finite number'} or null`),
      );
    } else if (value < 0 && key !== 'value' && key !== 'median' && key !== 'p90') {
      errors.push(fieldError(`${at}.${key}`, 'min', 'must be at least 0'));
    }
  }
  if (errors.length > 0) return errors;
  const figures = FIGURE_FIELDS[kind].filter((key) => key !== 'kind' && key !== 'suppressed');
  if (figure.suppressed) {
    for (const key of figures)
      if (figure[key] !== null) errors.push(fieldError(`${at}.${key}`, 'suppressedIsNull', 'must be null in a suppressed cell'));
    return errors;
  }
  const minimum = SNAPSHOT_THRESHOLDS.units;
  const number = (key: string) => figure[key] as number;
  const required = kind === 'count_proportion' ? figures.filter((key) => key !== 'withNotice' && key !== 'withoutNotice') : figures;
  for (const key of required)
    if (figure[key] === null) errors.push(fieldError(`${at}.${key}`, 'isDefined', 'must be a number in a cell that is not suppressed'));
  if (errors.length > 0) return errors;
  if (kind === 'distribution') {
    if (number('n') < minimum)
      errors.push(fieldError(`${at}.n`, 'minimumUnits', `must be at least ${minimum} in a cell that is not suppressed`));
    return errors;
  }
  if (number('denominator') < minimum) {
    errors.push(fieldError(`${at}.denominator`, 'minimumUnits', `must be at least ${minimum} in a cell that is not suppressed`));
  }
  const scale = kind === 'rate' ? (RATE_SCALE[figure.indicator] ?? 1) : 1;
  if (Math.abs(number('value') - (scale * number('numerator')) / number('denominator')) > 1e-9 * Math.max(1, Math.abs(number('value')))) {
    errors.push(fieldError(`${at}.value`, 'valueOfParts', 'must be the numerator over the denominator'));
  }
  if (
    kind !== 'rate' &&
    (!Number.isInteger(number('numerator')) || !Number.isInteger(number('denominator')) || number('numerator') > number('denominator'))
  ) {
    errors.push(fieldError(`${at}.numerator`, 'isProportion', 'must be a whole number no greater than the whole-number denominator'));
  }
  if (kind === 'count_proportion') {
    if (figure.count !== figure.numerator) errors.push(fieldError(`${at}.count`, 'countIsNumerator', 'must equal the numerator'));
    const split = [figure.withNotice, figure.withoutNotice];
    if (split.some((part) => part !== null)) {
      if (!wholeKommune) errors.push(fieldError(`${at}.withNotice`, 'wholeKommuneOnly', 'must be null in a department cell'));
      else if (split.some((part) => part === null || (part as number) < minimum)) {
        errors.push(
          fieldError(`${at}.withNotice`, 'minimumUnits', `withNotice and withoutNotice must both be null or both at least ${minimum}`),
        );
      } else if ((split[0] as number) + (split[1] as number) !== figure.count) {
        errors.push(fieldError(`${at}.withNotice`, 'splitOfCount', 'withNotice and withoutNotice must add up to count'));
      }
    }
  }
  return errors;
}

/** Every indicator × window × department once, and no row whose whole-kommune cell gives back a suppressed department. */
function checkCells(snapshot: KommuneSnapshot): FieldError[] {
  const errors: FieldError[] = [];
  const rows = new Map<string, Map<string | null, Figure>>();
  snapshot.cells.forEach((cell, i) => {
    const problems = checkFigure(cell as unknown as Figure, `cells.${i}`, ['department'], cell?.department === null);
    errors.push(...problems);
    if (problems.length > 0) return;
    const row = `${cell.indicator}|${cell.window}`;
    if (!rows.has(row)) rows.set(row, new Map());
    if (rows.get(row)!.has(cell.department)) errors.push(fieldError(`cells.${i}`, 'unique', 'repeats an indicator, window and department'));
    rows.get(row)!.set(cell.department, cell as unknown as Figure);
  });
  if (errors.length > 0) return errors;
  const expectedRows = SNAPSHOT_INDICATOR_IDS.length * SNAPSHOT_WINDOWS.length;
  if (rows.size !== expectedRows || [...rows.values()].some((row) => row.size !== DEPARTMENTS.length + 1)) {
    errors.push(
      fieldError('cells', 'complete', 'must hold every indicator × window for the whole kommune and each of the five departments'),
    );
  }
  if (errors.length > 0) return errors;
  for (const [key, row] of rows) {
    const whole = row.get(null)!;
    if (whole.suppressed) continue;
    const departments = DEPARTMENTS.map((department) => row.get(department)!);
    const hidden = departments.filter((cell) => cell.suppressed);
    if (hidden.length === 0) continue;
    const size = (cell: Figure) => Number(cell.kind === 'distribution' ? cell.n : cell.denominator);
    const recoverable = size(whole) - departments.filter((cell) => !cell.suppressed).reduce((sum, cell) => sum + size(cell), 0);
    if (hidden.length === 1 || recoverable < SNAPSHOT_THRESHOLDS.units - 1e-9) {
      errors.push(
        fieldError(
          `cells[${key}]`,
          'secondarySuppression',
          'suppresses too few department cells: the whole-kommune cell minus the published ones gives back a cell under the threshold',
        ),
      );
    }
  }
  snapshot.trend.forEach((cell, i) => errors.push(...checkFigure(cell as unknown as Figure, `trend.${i}`, ['at'], true)));
  return errors;
}

function checkMeasurements(snapshot: KommuneSnapshot): FieldError[] {
  const errors: FieldError[] = [];
  const minimum = SNAPSHOT_THRESHOLDS.surveyAnswers;
  // A cell is whole or wholly null; `size` names its number of answers where it has one (a gap has two groups
  // behind it, each of which the publisher checked).
  const wholeOrNull = (at: string, cell: Record<string, unknown>, fields: readonly string[], size?: string) => {
    if (cell.suppressed) {
      for (const key of fields)
        if (cell[key] !== null) errors.push(fieldError(`${at}.${key}`, 'suppressedIsNull', 'must be null in a suppressed cell'));
    } else if (size !== undefined && (typeof cell[size] !== 'number' || (cell[size] as number) < minimum)) {
      errors.push(fieldError(`${at}.${size}`, 'minimumAnswers', `must be at least ${minimum} in a cell that is not suppressed`));
    } else if (fields.some((key) => key !== 'sd' && key !== 'ci95' && key !== 'p' && cell[key] === null)) {
      errors.push(fieldError(at, 'isDefined', 'must have its figures in a cell that is not suppressed'));
    }
  };
  snapshot.measurements.forEach((measurement, m) => {
    const at = `measurements.${m}`;
    const n = new Map<string, number | null>();
    measurement.responses.forEach((cell, i) => {
      wholeOrNull(`${at}.responses.${i}`, cell, ['n'], 'n');
      n.set(cell.role, cell.n);
    });
    measurement.questions.forEach((cell, i) => {
      wholeOrNull(`${at}.questions.${i}`, cell, ['n', 'mean', 'sd', 'ci95', 'distribution'], 'n');
      if (!cell.suppressed) {
        for (const [key, count] of Object.entries(cell.distribution)) {
          if (!(SURVEY_ANSWER_KEYS as readonly string[]).includes(key) || !Number.isInteger(count) || count < 0) {
            errors.push(fieldError(`${at}.questions.${i}.distribution`, 'answerCounts', 'must map answer keys to whole numbers'));
            break;
          }
        }
        const responses = n.get(cell.role);
        if (responses === null || responses === undefined) {
          errors.push(fieldError(`${at}.questions.${i}`, 'minimumAnswers', "must be suppressed when its role's responses are"));
        }
      }
    });
    measurement.gaps.forEach((cell, i) => wholeOrNull(`${at}.gaps.${i}`, cell, ['difference', 'ci95', 'p']));
    measurement.timing.forEach((cell, i) => {
      wholeOrNull(`${at}.timing.${i}`, cell, ['n', ...SURVEY_TIMING_CATEGORIES], 'n');
    });
  });
  return errors;
}

function checkWarnings(snapshot: KommuneSnapshot): FieldError[] {
  const errors: FieldError[] = [];
  snapshot.warnings.forEach((warning, i) => {
    for (const [key, value] of Object.entries(warning.parameters)) {
      const ok =
        CODE.test(key) &&
        (typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value)) ||
          (typeof value === 'string' && CODE.test(value)));
      if (!ok) errors.push(fieldError(`warnings.${i}.parameters.${key}`, 'parameter', 'must be a number, a boolean or a code'));
    }
  });
  return errors;
}
