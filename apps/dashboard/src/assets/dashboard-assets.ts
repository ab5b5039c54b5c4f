import fastifyStatic from '@fastify/static';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const DASHBOARD_ASSETS_DIRECTORY = Symbol('DashboardAssetsDirectory');

/**
 * Serves the compiled dashboard at `/` with @fastify/static: index.html at `/` (and /index.html), the hashed bundles under
 * /assets/ (cached for a year: a new build has new names), gzip and brotli files when the build made them and
 * the browser takes them. Only the files that exist get routes, so every other path stays the API's.
 */
@Injectable()
export class DashboardAssets implements OnModuleInit {
  private readonly logger = new Logger(DashboardAssets.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DASHBOARD_ASSETS_DIRECTORY) private readonly directory: string | undefined,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.directory) {
      this.logger.warn('the dashboard was not built (no apps/dashboard/assets): only the API is served. `npm run build` builds it.');
      return;
    }
    const directory = this.directory;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, {
      root: directory,
      prefix: '/',
      wildcard: false,
      // `/` is served below: @fastify/static answers it 404 when a browser takes brotli (preCompressed with an index).
      index: false,
      decorateReply: false,
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        const hashed = path.relative(directory, filePath).startsWith(`assets${path.sep}`);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        reply.header('x-content-type-options', 'nosniff');
      },
    });
    const index = await readFile(path.join(directory, 'index.html'));
    fastify.get('/', (_request, reply) => {
      void reply
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .type('text/html; charset=utf-8')
        .send(index);
    });
  }
}
