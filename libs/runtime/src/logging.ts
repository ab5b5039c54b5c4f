import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

/**
 * Structured JSON logs, one logger for the whole process. Requests are logged by method, route and status
 * only: no headers (bearer tokens), no client address, no bearer token given as `access_token` in the URL,
 * and no survey token from a /svar/ link (a respondent must not be traceable through the logs).
 */
export function loggingParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
    // Polled every few seconds by orchestrators and Prometheus: their requests would drown the log.
    exclude: [
      { method: RequestMethod.GET, path: 'health' },
      { method: RequestMethod.GET, path: 'metrics' },
    ],
  };
}

export function redactUrl(url: string): string {
  return url
    .replace(/\/svar\/[^/?#]+/, '/svar/[token]')
    .replace(/([?&]token=)[^&#]*/, '$1[token]')
    .replace(/([?&]access_token=)[^&#]*/g, '$1[token]'); // a bearer token in the URL (server-sent events)
}
