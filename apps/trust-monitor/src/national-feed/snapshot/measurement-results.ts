import {
  SNAPSHOT_THRESHOLDS,
  SURVEY_GAPS,
  SURVEY_ROLES,
  type SnapshotMeasurement,
  type SurveyGap,
  type SurveyRole,
} from '@tillidsbarometer/domain';
import { measurementResults, type MeasurementClosed } from '@tillidsbarometer/surveys';

const isRole = (role: string): role is SurveyRole => (SURVEY_ROLES as readonly string[]).includes(role);
const isGap = (gap: string): gap is SurveyGap => (SURVEY_GAPS as readonly string[]).includes(gap);

/**
 * A closed measurement as it leaves the kommune: the whole kommune's results, computed from the round's tally by
 * libs/surveys (which suppresses every figure of fewer than 5 answers), with the responses per role suppressed under
 * 5 as well. Left out: the title (free text), the departments (the national view compares kommuner, and a department
 * cut would need its own disclosure rule), the VIVE baselines and the previous rounds (the national side knows both).
 */
export function snapshotMeasurement(closed: MeasurementClosed['data']): SnapshotMeasurement {
  const results = measurementResults({
    id: closed.measurementId,
    status: 'closed',
    round: { roles: closed.roles, questionIds: closed.questionIds },
    tally: closed.tally,
  });
  const minimum = SNAPSHOT_THRESHOLDS.surveyAnswers;
  const measurement: SnapshotMeasurement = {
    measurementId: closed.measurementId,
    closedAt: new Date(closed.closedAt).toISOString(),
    roles: closed.roles.filter(isRole),
    questionIds: [...closed.questionIds],
    responses: [],
    questions: [],
    gaps: [],
    timing: [],
  };
  for (const role of measurement.roles) {
    const n = results.responses[role] ?? 0;
    measurement.responses.push(n >= minimum ? { role, suppressed: false, n } : { role, suppressed: true, n: null });
  }
  for (const [questionId, byRole] of Object.entries(results.questions)) {
    for (const [role, cell] of Object.entries(byRole)) {
      if (!isRole(role)) continue;
      measurement.questions.push(
        'suppressed' in cell
          ? { questionId, role, suppressed: true, n: null, mean: null, sd: null, ci95: null, distribution: null }
          : {
              questionId,
              role,
              suppressed: false,
              n: cell.n,
              mean: cell.mean,
              sd: cell.sd,
              ci95: cell.ci95,
              distribution: { ...cell.distribution },
            },
      );
    }
  }
  for (const [questionId, byGap] of Object.entries(results.gaps)) {
    for (const [gap, cell] of Object.entries(byGap)) {
      if (!isGap(gap) || cell === undefined) continue;
      measurement.gaps.push(
        'suppressed' in cell
          ? { questionId, gap, suppressed: true, difference: null, ci95: null, p: null }
          : { questionId, gap, suppressed: false, difference: cell.difference, ci95: cell.ci95, p: cell.p },
      );
    }
  }
  for (const [role, cell] of Object.entries(results.timing)) {
    if (!isRole(role)) continue;
    measurement.timing.push(
      'suppressed' in cell
        ? { role, suppressed: true, n: null, i_rette_tid: null, noget_sent: null, saa_sent_at_det_gav_problemer: null }
        : {
            role,
            suppressed: false,
            n: cell.n,
            i_rette_tid: cell.i_rette_tid,
            noget_sent: cell.noget_sent,
            saa_sent_at_det_gav_problemer: cell.saa_sent_at_det_gav_problemer,
          },
    );
  }
  return measurement;
}
