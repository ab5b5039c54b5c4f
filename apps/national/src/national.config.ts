import { ConfigurationError } from '@tillidsbarometer/runtime';

export const NATIONAL_CONFIG = Symbol('NationalConfig');

/** The national service's settings, from the environment (`RuntimeConfig.env`), with documented defaults. */
export interface NationalConfig {
  /** NATIONAL_CONSUMER_GROUP [national]: the bus consumer group; instances of one group share the snapshots. */
  consumerGroup: string;
  /** NATIONAL_CONSUMER [on]: whether this process consumes snapshots (off: the API only, on a store fed elsewhere). */
  consume: boolean;
  /** NATIONAL_OUTLIER_WINDOW_DAYS [365]: the window (30, 90 or 365) whose figures NATIONAL_OUTLIER watches. */
  outlierWindow: 30 | 90 | 365;
  /** FUNNEL_WINSORISATION [0.1]: the share of z-scores shrunk in each tail before φ is estimated (Spiegelhalter 2005). */
  winsorisation: number;
}

export function loadNationalConfig(env: Readonly<Record<string, string | undefined>>): NationalConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const group = value('NATIONAL_CONSUMER_GROUP') ?? 'national';
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(group))
    throw new ConfigurationError('NATIONAL_CONSUMER_GROUP must be 1-100 characters of A-Z a-z 0-9 _ -');
  const consume = (value('NATIONAL_CONSUMER') ?? 'on').toLowerCase();
  if (consume !== 'on' && consume !== 'off') throw new ConfigurationError('NATIONAL_CONSUMER must be on or off');
  const window = Number(value('NATIONAL_OUTLIER_WINDOW_DAYS') ?? 365);
  if (window !== 30 && window !== 90 && window !== 365) throw new ConfigurationError('NATIONAL_OUTLIER_WINDOW_DAYS must be 30, 90 or 365');
  const winsorisation = Number(value('FUNNEL_WINSORISATION') ?? 0.1);
  if (!(winsorisation >= 0 && winsorisation < 0.5)) throw new ConfigurationError('FUNNEL_WINSORISATION must be at least 0 and below 0.5');
  return { consumerGroup: group, consume: consume === 'on', outlierWindow: window, winsorisation };
}
