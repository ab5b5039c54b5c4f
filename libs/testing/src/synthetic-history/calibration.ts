import type { Department } from '@tillidsbarometer/domain';

/*
 * Every number the generator draws from, in one place, each with where it comes from: DOMAIN.md (VIVE 2020,
 * Ankestyrelsen) where it says so, otherwise a stated assumption chosen to look like Danish casework on the
 * disability area. Tests check the figures DOMAIN.md gives (reversal share, late help); the assumptions only
 * need to be plausible and to exercise every indicator and flag of CONTRACT.md.
 */

/**
 * Requests for help on the disability area in all of Denmark in a year, at scale 1. Assumption: no public
 * count exists; the middle of the 150,000-250,000 range the product brief gives, about 34 a year per 1,000
 * inhabitants. Each kommune gets its share by population (kommune-population.ts).
 */
export const REQUESTS_PER_YEAR_DENMARK = 200_000;

/** Share of requests per entry ("indgang"). Assumption: adult disability and health (aids) the largest. */
export const DEPARTMENT_SHARES: Readonly<Record<Department, number>> = {
  adult_disability: 0.35,
  children_family: 0.2,
  jobcenter: 0.15,
  health: 0.25,
  other: 0.05,
};

/** What the help granted is like: it decides when it starts and when the case closes. */
export type HelpKind = 'one_off' | 'ongoing' | 'cash';

export interface AreaCalibration {
  /** The area code cases name in HelpRequested and kommuner in their deadlines (after the law paragraph). */
  code: string;
  department: Department;
  /** Share of the department's requests. */
  share: number;
  /** A typical published processing deadline in days; each kommune varies it (kommune-profile.ts). */
  deadlineDays: number;
  help: HelpKind;
  /** Days from decision to plannedStart, for one_off and ongoing help (cash starts on the 1st of next month). */
  startLeadDays: readonly [number, number];
  /** Mean years ongoing help lasts before the case closes with help_ended. */
  helpYears: number;
  /** Added to the log-odds of a late first decision: complex areas (BPA, car, housing) are late more often. */
  lateLogOdds: number;
}

/**
 * The areas, named after their paragraphs (Serviceloven "sel", Barnets lov "bl", beskæftigelseslovgivningen
 * "lab", kompensationsloven "lki"). Deadlines: assumption from published "sagsbehandlingsfrister", which
 * typically run from 4-8 weeks (aids) to 4-6 months (BPA, car, housing adaptation, pension).
 */
export const AREAS: readonly AreaCalibration[] = [
  area('sel_83', 'adult_disability', 0.2, 28, 'ongoing', [5, 30], 2, 0),
  area('sel_85', 'adult_disability', 0.3, 56, 'ongoing', [7, 45], 2.5, 0),
  area('sel_96', 'adult_disability', 0.05, 120, 'ongoing', [30, 90], 5, 0.5),
  area('sel_97', 'adult_disability', 0.1, 42, 'ongoing', [7, 30], 3, 0),
  area('sel_100', 'adult_disability', 0.2, 84, 'cash', [0, 0], 3, 0.3),
  area('sel_107', 'adult_disability', 0.1, 90, 'ongoing', [30, 120], 1.5, 0.2),
  area('sel_108', 'adult_disability', 0.05, 120, 'ongoing', [30, 150], 6, 0.2),
  area('bl_32', 'children_family', 0.4, 56, 'ongoing', [7, 45], 2, 0),
  area('bl_86', 'children_family', 0.35, 56, 'cash', [0, 0], 3, 0.2),
  area('bl_87', 'children_family', 0.25, 84, 'cash', [0, 0], 2, 0.3),
  area('lab_fleksjob', 'jobcenter', 0.35, 120, 'ongoing', [14, 60], 3, 0.2),
  area('lab_ressourceforloeb', 'jobcenter', 0.25, 90, 'ongoing', [14, 45], 1.5, 0.1),
  area('lab_foertidspension', 'jobcenter', 0.15, 180, 'cash', [0, 0], 5, 0.3),
  area('lki_personlig_assistance', 'jobcenter', 0.25, 42, 'ongoing', [7, 30], 2, -0.1),
  area('sel_112', 'health', 0.5, 35, 'one_off', [7, 45], 0, -0.2),
  area('sel_113', 'health', 0.15, 35, 'one_off', [7, 45], 0, -0.1),
  area('sel_114', 'health', 0.1, 180, 'one_off', [30, 120], 0, 0.4),
  area('sel_116', 'health', 0.25, 90, 'one_off', [21, 120], 0, 0.2),
  area('sel_117', 'other', 0.6, 42, 'ongoing', [7, 30], 2, 0),
  area('sel_95', 'other', 0.4, 90, 'cash', [0, 0], 3, 0.2),
];

function area(
  code: string,
  department: Department,
  share: number,
  deadlineDays: number,
  help: HelpKind,
  startLeadDays: readonly [number, number],
  helpYears: number,
  lateLogOdds: number,
): AreaCalibration {
  return { code, department, share, deadlineDays, help, startLeadDays, helpYears, lateLogOdds };
}

/** Published deadlines (Rsl. § 3 stk. 2): how kommuner differ. Assumptions. */
export const DEADLINES = {
  /** Log-normal spread of a kommune's deadlines around the typical ones (a kommune is generally faster or slower). */
  kommuneLogSd: 0.2,
  /** And of each of its areas on top. */
  areaLogSd: 0.15,
  minDays: 14,
  maxDays: 180,
  /** Published deadlines are whole weeks. */
  roundToDays: 7,
  /** Chance a kommune publishes no deadline for an area (so `casesWithoutDeadline` is exercised); "other" more often. */
  missing: 0.05,
  missingOther: 0.35,
  /** Chance a kommune changes one area's deadline during the period (a new publication, later effectiveFrom). */
  change: 0.2,
  /** Of those changes, the share that introduces a deadline where there was none. */
  introduction: 0.3,
  /** The change takes effect this many days after `from` (the 1st of the month after), whatever `to` is. */
  changeAfterDays: [60, 540] as const,
};

/** Requests over the week and the year: most come in office hours, few in July and at Christmas. Assumption. */
export const ARRIVAL_SHAPE = {
  /** Relative intensity by local hour on a working day (0-23). */
  workingDayHours: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.8, 4, 4, 4, 4, 3, 3, 3, 2, 0.8, 0.6, 0.6, 0.6, 0.5, 0.4, 0.2, 0.1],
  /** And on Saturday and Sunday (digital requests only). */
  weekendHours: [
    0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, 0.1, 0.05,
  ],
  /** Relative intensity by month (January first). */
  months: [1.1, 1.05, 1.05, 1, 1, 0.95, 0.6, 1, 1.1, 1.05, 1.05, 0.85],
};

/** How a request came, in office hours (outside them every request is digital). Assumption. */
export const CHANNEL_SHARES = { written: 0.45, oral: 0.2, digital: 0.35 };

/** Chance a request comes from a citizen who already had a case in the kommune. Assumption. */
export const RETURNING_CITIZEN = 0.2;

/** Caseworkers on the disability area per kommune: one per 2,000 inhabitants, at least 4. Assumption. */
export const INHABITANTS_PER_CASEWORKER = 2000;

/** First decisions. Assumptions unless noted. */
export const FIRST_DECISION = {
  /**
   * National share of first decisions after the deadline. Assumption: kommunal audits and Ankestyrelsen's
   * practice reviews regularly find a quarter or more of cases over the published deadline.
   */
  lateShare: 0.25,
  /** Spread between kommuner, on the log-odds scale: some keep nearly all deadlines, some miss half. */
  kommuneLogOddsSd: 0.5,
  /** Days past the deadline of a late decision: [share, min, max] mixtures. */
  lateByDays: [
    [0.6, 1, 21],
    [0.3, 22, 60],
    [0.1, 61, 150],
  ] as const,
  /** Where in the deadline an on-time decision falls: fraction = u^shape (shape < 1 leans to the end). */
  onTimeShape: 0.6,
  /** The earliest decision, as a fraction of the deadline (a case needs some information first). */
  onTimeMinFraction: 0.1,
  /** A decision by a committee (visitationsudvalg) rather than the caseworker. */
  committee: 0.05,
};

/** Cases that end before a first decision (so some close before their deadline). Assumption. */
export const EARLY_CLOSE = { withdrawn: 0.035, moved: 0.008, deceased: 0.007 };

/**
 * The written notice before the deadline (Rsl. § 3 stk. 2). Assumptions: kommuner differ a lot; most notices
 * that are sent come in time, some after the deadline has passed.
 */
export const EXTENSION_NOTICE = {
  /** Chance a late case gets a notice, drawn per kommune in this range. */
  lateCaseRange: [0.3, 0.8] as const,
  /** Of those, the share sent before the deadline (the rest after it, but before the decision). */
  beforeDeadline: 0.8,
  /** Chance an on-time case gets a notice anyway (the kommune expected to be late and then was not). */
  onTimeCase: 0.04,
  /** Chance the decision comes by the notified date; otherwise it is missed by days or weeks. */
  keptDate: 0.7,
  /** When the notified date is missed, the chance of a second notice before it. */
  secondNotice: 0.4,
};

/** Outcomes of a first decision per department: [granted, partially_granted, refused]. Assumption. */
export const OUTCOME_SHARES: Readonly<Record<Department, readonly [number, number, number]>> = {
  adult_disability: [0.55, 0.2, 0.25],
  children_family: [0.5, 0.2, 0.3],
  jobcenter: [0.5, 0.15, 0.35],
  health: [0.7, 0.12, 0.18],
  other: [0.6, 0.15, 0.25],
};

/**
 * Written reasons (Forvaltningsloven § 22) and complaint guidance (§ 25). Required for refusals and mostly
 * given (assumption: a few percent missing, as Ombudsmanden's reviews keep finding); optional for full grants.
 */
export const DECISION_LETTER = { refusalReasons: 0.95, refusalGuidance: 0.93, grantReasons: 0.6, grantGuidance: 0.7 };

/**
 * Oral explanation of refusals (the good practice DOMAIN.md cites from Kolding). Assumption: a minority of
 * kommuner do it systematically, so the chance is drawn per kommune in a wide range.
 */
export const ORAL_EXPLANATION = {
  kommuneRange: [0.15, 0.8] as const,
  /** When: the day before the letter (a phone call first), within 14 days, or later than that. */
  timingShares: [0.1, 0.75, 0.15] as const,
  kinds: { phone: 0.6, meeting: 0.2, home_visit: 0.1, video: 0.1 },
};

/**
 * The start of granted help. DOMAIN.md: 18 % of citizens said help came "so late that it caused problems"
 * (VIVE 2020). Mapped onto the contract's `late_help_start` (no HelpDelivered by plannedStart + 14 days): about
 * 18 % of grants, most starting more than 14 days after plannedStart and 2 % never starting before the case
 * closes. This treats the citizens' share as the share of grants, an assumption: VIVE asked citizens, not cases.
 */
export const HELP_START = {
  /**
   * 14.5 % rather than 16 %: the kommune spread below raises the national mean (the logistic curve is convex
   * at these shares) and grants closed for good before they start add to it; measured, late + never is 18 %.
   */
  lateShare: 0.145,
  neverShare: 0.02,
  kommuneLogOddsSd: 0.4,
  /** Days a late start comes after plannedStart + 14 days: exponential with this mean, at most a year. */
  lateMeanDays: 35,
  /** Of on-time starts, the share a few days early; the rest within 0-13 days, most in the first days. */
  earlyShare: 0.1,
};

/**
 * Appeals (klage) and Ankestyrelsen. DOMAIN.md: the kommune reassesses within 4 weeks (Rsl. § 66); Ankestyrelsen
 * reverses or returns about 4 of 10 appealed decisions, more than half for children. The appeal rates, the
 * reassessment results and the share dismissed are assumptions.
 */
export const APPEALS = {
  /** Chance a decision is appealed, by outcome [granted, partially_granted, refused]. */
  rate: [0.015, 0.14, 0.22] as const,
  /** Appeals come within the 4-week klagefrist, a few later. */
  lateAppeal: 0.1,
  /** Chance, drawn per kommune in this range, that the reassessment comes within 28 days. */
  timelyReassessmentRange: [0.7, 0.97] as const,
  /** Reassessment results [kept, changed, partially_changed]: kept goes on to Ankestyrelsen. */
  reassessment: [0.8, 0.12, 0.08] as const,
  /** Ankestyrelsen's processing time after the reassessment, in days. */
  ankestyrelsenDays: [60, 270] as const,
  /** Dismissed (afvist); a late appeal is dismissed more often. */
  dismissed: 0.05,
  dismissedLate: 0.4,
  /** Reversed (aendret, ophaevet, hjemvist) among the non-dismissed: children above half (DOMAIN.md). */
  reversal: 0.37,
  reversalChildren: 0.53,
  /** How a reversal is split [aendret, ophaevet, hjemvist]: returning the case is the most common. Assumption. */
  reversalKinds: [0.3, 0.15, 0.55] as const,
  /** A service complaint (not about a decision), at a random time in the case. */
  serviceComplaint: 0.03,
};

/**
 * Caseworker changes (DOMAIN.md: changes cost trust; the causes are the contract's reasons). Assumptions: about
 * 0.8 changes per case-year nationally, varying by kommune; after sickness the first caseworker often returns.
 */
export const CASEWORKERS = {
  changesPerYear: 0.8,
  kommuneLogSd: 0.35,
  /** Days from the request to the first assignment. */
  initialWithinDays: 8,
  reasons: { sickness: 0.2, resignation: 0.35, reorganisation: 0.2, citizen_request: 0.1, other: 0.15 },
  /** A reassignment to the caseworker who already holds the case (the contract's "not a change"). */
  sameCaseworker: 0.05,
  /** After a sickness change, the chance the first caseworker takes the case back after 2-8 weeks. */
  returnAfterSickness: 0.5,
};

/** Contacts between citizen and kommune. Assumptions. */
export const CONTACTS = {
  /** Before the first decision: Poisson with mean base + days / perDays. */
  beforeDecisionBase: 1,
  beforeDecisionPerDays: 21,
  /** While help runs (follow-up), per year. */
  followUpPerYear: 3,
  /** A late case: extra citizen-initiated contacts (the citizen chases the decision). */
  chasingLateCase: 1,
  citizenInitiated: 0.4,
  /** Kinds [meeting, home_visit, phone, video, digital_message, letter] per department: home visits most in health and adult. */
  kinds: {
    adult_disability: [0.15, 0.18, 0.32, 0.05, 0.2, 0.1],
    children_family: [0.25, 0.12, 0.3, 0.05, 0.18, 0.1],
    jobcenter: [0.4, 0.02, 0.3, 0.08, 0.15, 0.05],
    health: [0.08, 0.25, 0.35, 0.02, 0.2, 0.1],
    other: [0.1, 0.05, 0.4, 0.05, 0.25, 0.15],
  } as Readonly<Record<Department, readonly number[]>>,
  /** Per kommune, a log-normal factor on home visits ("hjemmebanefordel" is a choice). */
  homeVisitLogSd: 0.4,
};

/** How cases end. Assumptions. */
export const CLOSING = {
  /** A refusal that stands is closed after the 4-week klagefrist plus some days. */
  afterRefusalDays: [30, 90] as const,
  /** One-off help (an aid, an adaptation): closed soon after it is delivered. */
  afterOneOffDays: [1, 45] as const,
  /** Ongoing help ends: [help_ended, moved, deceased, other]. */
  ongoingReasons: [0.75, 0.12, 0.08, 0.05] as const,
  /** A case with no further events is not planned further than this after the request. */
  horizonDays: 3 * 365,
};

/** How source systems deliver events: most within minutes, some registered late (the lateArrivalShare). */
export const DELIVERY = {
  /** Seconds between an event and its arrival. */
  lagSeconds: [20, 900] as const,
  /** A late registration comes this many seconds after the next event of the case happened. */
  lateExtraSeconds: [3600, 14 * 86_400] as const,
  defaultLateArrivalShare: 0.02,
};
