import { ValidateIf } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { DEPARTMENTS, type Department } from '../departments';
import {
  CalendarDate,
  CaseNumber,
  Flag,
  Identifier,
  KommuneCode,
  Nested,
  OneOf,
  PersonIdentifier,
  Timestamp,
  Uuid,
} from '../validation/rules';
import {
  APPEAL_OUTCOMES,
  ASSIGNMENT_REASONS,
  CHANNELS,
  CLOSE_REASONS,
  COMPLAINT_KINDS,
  CONTACT_KINDS,
  DECIDERS,
  DECISION_OUTCOMES,
  INITIATORS,
  ORAL_EXPLANATION_KINDS,
  REASSESSMENT_RESULTS,
  type CaseEventType,
} from './case-events';

/*
 * The case events as source systems send them (CONTRACT.md section 1): one class per event type, its `data`
 * a class of its own. These classes are both the validation (class-validator, unknown fields refused) and
 * the OpenAPI schemas (class-validator-jsonschema reads the same decorators).
 */

export class HelpRequestedData {
  @PersonIdentifier("The citizen's id in the case system (e.g. a CPR number). Pseudonymised on arrival; never stored.")
  citizenId!: string;
  @Identifier('The area of help; the kommune publishes a processing deadline per area (PUT .../deadlines).')
  area!: string;
  @OneOf(DEPARTMENTS, 'The entry ("indgang") the citizen came through.')
  department!: Department;
  @OneOf(CHANNELS, 'How the request came: written, oral and digital requests all start the clock.')
  channel!: string;
}

export class DeadlineExtensionNotifiedData {
  @Timestamp('When the citizen was told, in writing, a decision can be expected (Retssikkerhedsloven § 3 stk. 2).')
  expectedDecisionBy!: string;
}

export class ContactRecordedData {
  @OneOf(CONTACT_KINDS)
  kind!: string;
  @OneOf(INITIATORS)
  initiatedBy!: string;
}

export class CaseworkerAssignedData {
  @PersonIdentifier("The caseworker's id in the case system. Pseudonymised on arrival; never stored.")
  caseworkerId!: string;
  @OneOf(ASSIGNMENT_REASONS)
  reason!: string;
}

export class DecisionMadeData {
  @Identifier('Unique within the case; later events refer to the decision by it.')
  decisionId!: string;
  @OneOf(DECISION_OUTCOMES)
  outcome!: string;
  @Flag('Written reasons given (Forvaltningsloven § 22).')
  writtenReasons!: boolean;
  @Flag('Complaint guidance given (Forvaltningsloven § 25).')
  complaintGuidance!: boolean;
  @ValidateIf((data: DecisionMadeData) => data.outcome !== 'refused' || data.plannedStart !== undefined)
  @CalendarDate('When the granted help is planned to start (00:00 Europe/Copenhagen). Required unless refused.')
  plannedStart?: string;
  @OneOf(DECIDERS)
  decidedBy!: string;
}

export class RefusalExplainedOrallyData {
  @Identifier('A refused or partially_granted decision of this case.')
  decisionId!: string;
  @OneOf(ORAL_EXPLANATION_KINDS)
  kind!: string;
}

export class HelpDeliveredData {
  @Identifier('A granted or partially_granted decision of this case.')
  decisionId!: string;
}

export class ComplaintReceivedData {
  @Identifier('Unique within the case; later events refer to the complaint by it.')
  complaintId!: string;
  @OneOf(COMPLAINT_KINDS)
  kind!: string;
  @ValidateIf((data: ComplaintReceivedData) => data.kind === 'appeal' || data.decisionId !== undefined)
  @Identifier('The decision appealed: required for an appeal; a decision of this case.')
  decisionId?: string;
}

export class ComplaintReassessedData {
  @Identifier('An appeal of this case.')
  complaintId!: string;
  @OneOf(REASSESSMENT_RESULTS, 'kept: the kommune keeps its decision and the appeal goes on to Ankestyrelsen (Rsl. § 66).')
  result!: string;
}

export class AppealDecidedData {
  @Identifier('An appeal of this case.')
  complaintId!: string;
  @OneOf(APPEAL_OUTCOMES, "Ankestyrelsen's outcome: stadfæstet (upheld), ændret, ophævet, hjemvist, afvist (dismissed).")
  outcome!: string;
}

export class CaseClosedData {
  @OneOf(CLOSE_REASONS)
  reason!: string;
}

/** The envelope every case event has. */
export abstract class CaseEventRequest {
  @Uuid('Idempotency key: the same eventId twice is stored once; the second answer is `duplicate`.')
  eventId!: string;
  abstract type: CaseEventType;
  @KommuneCode("One of the 98 kommune codes; must be the caller's kommune.")
  kommune!: string;
  @CaseNumber("The source system's case id: 1-64 characters of letters, digits and ._:-, never a CPR number.")
  caseId!: string;
  @Timestamp('When it happened (ISO-8601 with offset), at most 5 minutes in the future.')
  occurredAt!: string;
  abstract data: object;
}

/** Declares one event type: its `type` value and its `data` class. */
function eventOf<Type extends CaseEventType, Data extends object>(type: Type, data: new () => Data, description: string) {
  @JSONSchema({ description, title: type })
  class Request extends CaseEventRequest {
    @OneOf([type])
    type!: Type;
    @Nested(() => data, `The data of ${type}; unknown fields are refused.`)
    data!: Data;
  }
  Object.defineProperty(Request, 'name', { value: `${type}Event` });
  return Request;
}

/** The data class of each event type (the requests below nest them). */
export const CASE_EVENT_DATA = {
  HelpRequested: HelpRequestedData,
  DeadlineExtensionNotified: DeadlineExtensionNotifiedData,
  ContactRecorded: ContactRecordedData,
  CaseworkerAssigned: CaseworkerAssignedData,
  DecisionMade: DecisionMadeData,
  RefusalExplainedOrally: RefusalExplainedOrallyData,
  HelpDelivered: HelpDeliveredData,
  ComplaintReceived: ComplaintReceivedData,
  ComplaintReassessed: ComplaintReassessedData,
  AppealDecided: AppealDecidedData,
  CaseClosed: CaseClosedData,
} satisfies Record<CaseEventType, new () => object>;

export const CASE_EVENT_REQUESTS = {
  HelpRequested: eventOf(
    'HelpRequested',
    CASE_EVENT_DATA.HelpRequested,
    'A citizen asks for help; opens the case. occurredAt is receivedAt.',
  ),
  DeadlineExtensionNotified: eventOf(
    'DeadlineExtensionNotified',
    DeadlineExtensionNotifiedData,
    'The written notice that the deadline cannot be met (Rsl. § 3 stk. 2); the latest one sets the notified date.',
  ),
  ContactRecorded: eventOf('ContactRecorded', ContactRecordedData, 'A contact between the citizen and the kommune.'),
  CaseworkerAssigned: eventOf(
    'CaseworkerAssigned',
    CaseworkerAssignedData,
    'A caseworker takes the case; while another holds it, this is a change of caseworker.',
  ),
  DecisionMade: eventOf('DecisionMade', DecisionMadeData, 'A decision: granted, partially granted or refused. occurredAt is decidedAt.'),
  RefusalExplainedOrally: eventOf('RefusalExplainedOrally', RefusalExplainedOrallyData, 'A refusal explained orally to the citizen.'),
  HelpDelivered: eventOf('HelpDelivered', HelpDeliveredData, 'Granted help has started. occurredAt is startedAt.'),
  ComplaintReceived: eventOf('ComplaintReceived', ComplaintReceivedData, 'An appeal of a decision, or a complaint about the service.'),
  ComplaintReassessed: eventOf('ComplaintReassessed', ComplaintReassessedData, "The kommune's reassessment (genvurdering) of an appeal."),
  AppealDecided: eventOf('AppealDecided', AppealDecidedData, "Ankestyrelsen's decision on an appeal."),
  CaseClosed: eventOf('CaseClosed', CaseClosedData, 'The case is closed; it takes no further events.'),
} satisfies Record<CaseEventType, new () => CaseEventRequest>;
