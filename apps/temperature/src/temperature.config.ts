import { ConfigurationError } from '@tillidsbarometer/runtime';
import { MIX_MINIMUM } from '@tillidsbarometer/surveys';

export interface TemperatureConfig {
  /** How often the round keeper looks for rounds to open and close, and pools to mix. */
  tickMs: number;
  /** Responses are written to the store once this many of a round are pooled (at least 5). */
  mixBatchSize: number;
}

export const TEMPERATURE_CONFIG = Symbol('TemperatureConfig');

/** SURVEY_TICK_MS [5000], SURVEY_MIX_BATCH_SIZE [5, at least 5]. */
export function loadTemperatureConfig(env: Readonly<Record<string, string | undefined>>): TemperatureConfig {
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new ConfigurationError(`${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    tickMs: number('SURVEY_TICK_MS', 5_000, 100, 600_000),
    mixBatchSize: number('SURVEY_MIX_BATCH_SIZE', MIX_MINIMUM, MIX_MINIMUM, 1_000),
  };
}
