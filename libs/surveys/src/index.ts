export * from './question-bank/question-bank';
export { addResponses, cellsOf, emptyTally, responsesPerRole, type StoredResponse, type Tally, type TallyCell } from './tally/tally';
export { asksQuestion, asksTiming, scoredQuestionsFor, type RoundDefinition } from './measurement/round';
export * from './measurement/measurement-events';
export {
  decide as decideMeasurement,
  evolve as evolveMeasurement,
  initialMeasurementState,
  measurementDecider,
  type MeasurementCommand,
  type MeasurementDecision,
  type MeasurementState,
} from './measurement/measurement.decider';
export { CreateMeasurementRequest, ResponseRequest, MAX_TOKENS_PER_ROLE, MAX_TITLE_LENGTH } from './measurement/measurement.requests';
export {
  checkResponse,
  validateCreateMeasurement,
  validateResponseRequest,
  type NewMeasurement,
  type Validated,
} from './measurement/validate-measurement-requests';
export {
  compareMeans,
  summariseAnswers,
  timingShares,
  type AnswerDistribution,
  type AnswerSummary,
  type MeanComparison,
  type TimingShares,
} from './results/answer-summary';
export { disclosableParts } from './results/disclosure-control';
export * from './results/measurement-results';
