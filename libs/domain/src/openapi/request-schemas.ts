// class-transformer keeps its nested-type metadata here; class-validator-jsonschema needs it for $ref.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: unknown };
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { CASE_EVENT_REQUESTS } from '../case/case-event.requests';
import { DeadlineRequest } from '../deadlines/deadline.request';

export type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI schemas of every request body, generated from the very decorators that validate them, so
 * the document and the validation cannot drift apart.
 */
export function requestSchemas(): Record<string, JsonSchema> {
  void [CASE_EVENT_REQUESTS, DeadlineRequest]; // the classes must be loaded for their metadata to exist
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage as never,
  }) as Record<string, JsonSchema>;
  // The envelope is abstract: each event type's schema already holds its fields.
  delete schemas['CaseEventRequest'];
  for (const schema of Object.values(schemas)) schema['additionalProperties'] = false;
  return schemas;
}

/** The names of the event schemas, for a oneOf with `type` as discriminator. */
export const CASE_EVENT_SCHEMA_NAMES = Object.values(CASE_EVENT_REQUESTS).map((request) => request.name);
