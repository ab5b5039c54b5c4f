import { useId } from 'preact/hooks';
import { isSuppressed, type GapCell, type MeasurementResults, type QuestionCell } from '../api-types';
import { formatDecimal, formatPercent, formatWhole } from '../format';
import { TableRegion } from './table-region';
import { GAP_LABELS, QUESTIONS, RESPONDENT_LABELS, RESPONDENT_ROLES, TIMING_LABELS, TIMING_QUESTION, questionLabel } from '../labels';

const SUPPRESSED = (
  <span class="suppressed" title="Færre end 5 svar: ikke vist af hensyn til anonymiteten">
    Under 5 svar
  </span>
);

/**
 * A closed round's results as VIVE reported them: the mean per question and group (citizen / caseworker /
 * leader) with VIVE 2020's national figure beside it, the gaps (leader minus the other group), and the timing
 * shares. Cells from fewer than 5 answers only say so.
 */
export function TemperatureResults({ results, caption }: { results: MeasurementResults; caption: string }) {
  const captionId = useId();
  const questionIds = Object.keys(results.questions);
  const roles = RESPONDENT_ROLES.filter((role) => questionIds.some((id) => results.questions[id]?.[role] !== undefined));
  const gapKeys = ['L-B', 'S-B', 'L-S'].filter((gap) => questionIds.some((id) => results.gaps[id]?.[gap] !== undefined));
  return (
    <div class="temperature">
      <p>
        Svar:{' '}
        {roles.map((role, index) => (
          <span key={role}>
            {index > 0 && ', '}
            {RESPONDENT_LABELS[role]} {formatWhole(results.responses[role] ?? 0)}
          </span>
        ))}
        . Skala 0–3 (3 = I høj grad). «Ved ikke» og «ønsker ikke at svare» indgår ikke i gennemsnittet.
      </p>
      <TableRegion captionId={`${captionId}-means`}>
        <table data-testid="temperature-table">
          <caption id={`${captionId}-means`}>{caption}: gennemsnit pr. spørgsmål og gruppe, med VIVEs landstal fra 2020</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Spørgsmål
              </th>
              {roles.map((role) => (
                <th scope="colgroup" colSpan={2} key={role}>
                  {RESPONDENT_LABELS[role]}
                </th>
              ))}
              {gapKeys.map((gap) => (
                <th scope="colgroup" colSpan={2} key={gap}>
                  Forskel {gap}
                </th>
              ))}
            </tr>
            <tr>
              {roles.map((role) => [
                <th scope="col" class="num" key={`${role}-m`}>
                  Her (n)
                </th>,
                <th scope="col" class="num" key={`${role}-b`}>
                  Land 2020
                </th>,
              ])}
              {gapKeys.map((gap) => [
                <th scope="col" class="num" key={`${gap}-d`}>
                  Her (p)
                </th>,
                <th scope="col" class="num" key={`${gap}-b`}>
                  Land 2020
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {questionIds.map((id) => {
              const bank = QUESTIONS.find((question) => question.id === id);
              return (
                <tr key={id}>
                  <th scope="row">
                    {questionLabel(id)}
                    {bank?.reverseCoded && <span class="small"> (omvendt: lavt er godt)</span>}
                  </th>
                  {roles.map((role) => {
                    const cell = results.questions[id]?.[role];
                    const baseline = cell && !isSuppressed(cell) ? cell.baseline2020 : (bank?.baseline2020[role] ?? null);
                    return [
                      <td class="num" key={`${role}-m`}>
                        {cell === undefined ? '–' : isSuppressed(cell) ? SUPPRESSED : meanText(cell)}
                      </td>,
                      <td class="num baseline" key={`${role}-b`}>
                        {formatDecimal(baseline)}
                      </td>,
                    ];
                  })}
                  {gapKeys.map((gap) => {
                    const cell = results.gaps[id]?.[gap];
                    return [
                      <td class="num" key={`${gap}-d`}>
                        {cell === undefined ? '–' : isSuppressed(cell) ? SUPPRESSED : gapText(cell)}
                      </td>,
                      <td class="num baseline" key={`${gap}-b`}>
                        {formatDecimal(gapBaseline(bank?.baseline2020, gap))}
                      </td>,
                    ];
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      <p class="small">Forskelle: {gapKeys.map((gap) => `${gap} = ${GAP_LABELS[gap]?.toLowerCase()}`).join('; ')}. p fra Welchs t-test.</p>
      <TimingTable results={results} roles={roles} captionId={`${captionId}-timing`} />
    </div>
  );
}

function meanText(cell: QuestionCell): string {
  return `${formatDecimal(cell.mean)} (${formatWhole(cell.n)})`;
}

function gapText(cell: GapCell): string {
  const p = cell.p < 0.001 ? '< 0,001' : cell.p.toLocaleString('da-DK', { maximumFractionDigits: 3 });
  return `${cell.difference > 0 ? '+' : ''}${formatDecimal(cell.difference)} (p ${p})`;
}

function gapBaseline(baseline: Record<string, number | null> | undefined, gap: string): number | null {
  if (!baseline) return null;
  const value = (role: string) => baseline[role] ?? null;
  const [a, b] = gap === 'L-B' ? ['leader', 'citizen'] : gap === 'S-B' ? ['caseworker', 'citizen'] : ['leader', 'caseworker'];
  const x = value(a!);
  const y = value(b!);
  return x === null || y === null ? null : x - y;
}

function TimingTable({ results, roles, captionId }: { results: MeasurementResults; roles: readonly string[]; captionId: string }) {
  const categories = Object.keys(TIMING_LABELS);
  if (!results.timing || Object.keys(results.timing).length === 0) return null;
  return (
    <TableRegion captionId={captionId}>
      <table data-testid="timing-table">
        <caption id={captionId}>{TIMING_QUESTION.label} Andele af dem, der svarede (landstal 2020 i parentes)</caption>
        <thead>
          <tr>
            <th scope="col">Gruppe</th>
            {categories.map((category) => (
              <th scope="col" class="num" key={category}>
                {TIMING_LABELS[category]}
              </th>
            ))}
            <th scope="col" class="num">
              Svar
            </th>
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => {
            const cell = results.timing[role];
            const baseline = TIMING_QUESTION.baseline2020Shares[role];
            return (
              <tr key={role}>
                <th scope="row">{RESPONDENT_LABELS[role]}</th>
                {categories.map((category, index) => (
                  <td class="num" key={category}>
                    {cell === undefined || isSuppressed(cell) ? (cell ? SUPPRESSED : '–') : formatPercent(cell[category] ?? null)}{' '}
                    <span class="baseline">({formatPercent(baseline?.[index] ?? null)})</span>
                  </td>
                ))}
                <td class="num">{cell && !isSuppressed(cell) ? formatWhole(cell['n'] ?? null) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}
