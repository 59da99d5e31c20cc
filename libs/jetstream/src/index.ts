export * from './lib/jetstream.module';
