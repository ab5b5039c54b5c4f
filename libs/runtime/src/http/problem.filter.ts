import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * One error shape for every service: `{statusCode, error, message, errors?}`, where `errors` lists
 * `{field, rule, message}`. Fastify's own refusals (invalid JSON, body too large, empty body) arrive here as
 * HttpExceptions too. Anything unexpected is a 500 with a generic message: the details go to the log,
 * never to the caller (they could hold data).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      void reply.status(status).send({
        ...body, // e.g. a rejected event's eventId and status
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: Array.isArray(body['message']) ? (body['message'] as string[]).join('; ') : (body['message'] ?? exception.message),
        ...(body['errors'] ? { errors: body['errors'] } : {}),
      });
      return;
    }
    this.logger.error({ err: exception }, 'unexpected error');
    void reply
      .status(500)
      .send({ statusCode: 500, error: 'Internal Server Error', message: 'an unexpected error occurred; it has been logged' });
  }
}
