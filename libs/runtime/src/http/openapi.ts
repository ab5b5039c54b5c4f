import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { requestSchemas } from '@tillidsbarometer/domain';

const DESCRIPTION = `Tillidsbarometer: trust between citizens with disabilities and their kommune, made visible.

Case systems post case events (CONTRACT.md section 1) to \`POST /api/v1/events\`; kommune leadership publishes
processing deadlines; staff read indicators and flags of their own kommune; the national secretariat reads
anonymous aggregates. Every route needs a bearer JWT with the claims \`role\` and, for kommune roles,
\`kommune\` (section 9). Times are ISO-8601 with offset; answers give them in UTC.

Errors have one shape: \`{statusCode, error, message, errors?: [{field, rule, message}]}\`; a rejected event
is \`{eventId, status: "rejected", errors}\`. Messages name the field and the rule and never echo values.`;

/** The OpenAPI document at /api/docs (UI) and /api/docs-json, request schemas from the validating classes. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tillidsbarometer API')
    .setDescription(DESCRIPTION)
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(requestSchemas() as object) } };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', customSiteTitle: 'Tillidsbarometer API' });
}
