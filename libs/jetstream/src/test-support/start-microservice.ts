import { type INestMicroservice, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamServer, type JetStreamServerOptions } from '../index';

export type RunningMicroservice = { app: INestMicroservice; server: JetStreamServer };

/** A Nest microservice with these controllers on a JetStreamServer, listening. */
export async function startMicroservice(
  controllers: Type[],
  options: JetStreamServerOptions,
): Promise<RunningMicroservice> {
  class HandlersModule {}
  Module({ controllers })(HandlersModule);
  const server = new JetStreamServer(options);
  const app = await NestFactory.createMicroservice(HandlersModule, {
    strategy: server,
    logger: process.env['JETSTREAM_TEST_LOGS'] ? ['log', 'warn', 'error'] : ['error'],
  });
  await app.listen();
  return { app, server };
}
