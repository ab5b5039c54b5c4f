import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { RuntimeConfig } from '../config/runtime-config';
import { setupOpenApi } from './openapi';
import { ProblemFilter } from './problem.filter';

/** A service's HTTP application on Fastify, with the product's error shape, logger and OpenAPI document. */
export async function createServiceApp(rootModule: DynamicModule, config: RuntimeConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, new FastifyAdapter({ bodyLimit: config.bodyLimitBytes }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app);
  await app.listen({ port: config.port, host: config.host });
  return app;
}
