import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { StandaloneConfig } from './config';
import { StandaloneModule } from './standalone.module';

/** Builds and starts the standalone application; tests start it the same way on a port of their own. */
export async function startStandalone(config: StandaloneConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(StandaloneModule.register(config), new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.listen({ port: config.port, host: config.host });
  return app;
}
