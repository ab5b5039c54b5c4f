import { ARRIVAL_SHAPE } from './calibration';
import { HOUR, localHourAndMonth, weekday } from './copenhagen-time';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { min, max } = Math;

const DAYS_IN_MONTH = [31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const YEAR_DAYS = 365.25;

const weekMean =
  (5 * ARRIVAL_SHAPE.workingDayHours.reduce((a, b) => a + b, 0) + 2 * ARRIVAL_SHAPE.weekendHours.reduce((a, b) => a + b, 0)) / (7 * 24);
const yearMean = ARRIVAL_SHAPE.months.reduce((sum, factor, month) => sum + factor * DAYS_IN_MONTH[month]!, 0) / YEAR_DAYS;

/**
 * The relative intensity of requests at an instant, with mean 1 over a year: a kommune's requests per second
 * at `t` are its yearly rate / seconds in a year × `arrivalIntensity(t)` (an inhomogeneous Poisson process).
 */
export function arrivalIntensity(epochSeconds: number): number {
  const { hour, month, day } = localHourAndMonth(epochSeconds);
  const hours = weekday(day) < 5 ? ARRIVAL_SHAPE.workingDayHours : ARRIVAL_SHAPE.weekendHours;
  return (hours[hour]! * ARRIVAL_SHAPE.months[month]!) / (weekMean * yearMean);
}

/** The largest value arrivalIntensity takes: the bound for drawing arrivals by thinning (Lewis and Shedler 1979). */
export const MAX_ARRIVAL_INTENSITY =
  (max(...ARRIVAL_SHAPE.workingDayHours, ...ARRIVAL_SHAPE.weekendHours) * max(...ARRIVAL_SHAPE.months)) / (weekMean * yearMean);

/** ∫ arrivalIntensity over [from, to) in years, summed hour by hour (the intensity is constant within a local hour). */
export function integratedIntensityYears(
  fromSeconds: number,
  toSeconds: number,
  each?: (hourStart: number, years: number) => void,
): number {
  let total = 0;
  for (let start = fromSeconds; start < toSeconds; start += HOUR) {
    const length = min(HOUR, toSeconds - start);
    const years = (arrivalIntensity(start + length / 2) * length) / (YEAR_DAYS * 86_400);
    total += years;
    each?.(start, years);
  }
  return total;
}

export const SECONDS_PER_YEAR = YEAR_DAYS * 86_400;
