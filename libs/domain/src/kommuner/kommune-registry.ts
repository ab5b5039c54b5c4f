import registry from '../../data/kommuner.json';

export interface Kommune {
  /** The three-digit kommunekode, e.g. "101" (København). */
  code: string;
  name: string;
  region: string;
  regionCode: string;
}

/** Denmark's 98 kommuner since 2007 (data/kommuner.json, copied from ../shared/data). */
export const KOMMUNER: readonly Kommune[] = Object.freeze(registry.kommuner.map((kommune) => Object.freeze({ ...kommune })));

export const KOMMUNE_CODES: readonly string[] = Object.freeze(KOMMUNER.map((kommune) => kommune.code));

const byCode = new Map(KOMMUNER.map((kommune) => [kommune.code, kommune]));

export function isKommuneCode(code: unknown): code is string {
  return typeof code === 'string' && byCode.has(code);
}

export function kommuneByCode(code: string): Kommune | undefined {
  return byCode.get(code);
}
