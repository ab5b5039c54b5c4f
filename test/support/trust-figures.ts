import { DEPARTMENTS } from '@tillidsbarometer/domain';

type Request = (method: string, pathname: string, options: { token: string }) => Promise<{ status: number; body: unknown }>;

/**
 * Everything the trust monitor answers a kommune about a period, through its API: the indicators at several
 * moments, windows and departments, a chart series, and the flags as they stood at the end. Two read models
 * that give equal snapshots answer every question of these kinds alike.
 */
export async function trustFigures(
  request: Request,
  token: (kommune: string) => Promise<string>,
  kommuner: readonly string[],
  moments: readonly string[],
): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  const get = async (kommune: string, path: string) => {
    const answer = await request('GET', `/api/v1/kommuner/${kommune}${path}`, { token: await token(kommune) });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  for (const kommune of kommuner) {
    for (const asOf of moments) {
      for (const window of [30, 90, 365])
        figures[`${kommune} ${asOf} ${window}`] = await get(kommune, `/indicators?asOf=${asOf}&window=${window}`);
      for (const department of DEPARTMENTS) {
        figures[`${kommune} ${asOf} 90 ${department}`] = await get(kommune, `/indicators?asOf=${asOf}&department=${department}`);
      }
      figures[`${kommune} flags ${asOf}`] = await get(kommune, `/flags?status=all&asOf=${asOf}`);
    }
    figures[`${kommune} series`] = await get(
      kommune,
      `/indicators/late_help_start/series?from=${moments[0]}&to=${moments.at(-1)}&step=week`,
    );
  }
  return figures;
}
