export { eventually, type EventuallyOptions } from './eventually';
export { freePort } from './free-port';
export { NatsServerProcess } from './nats-server';
export {
  cloneTestDatabase,
  createTestDatabase,
  databaseEnvironment,
  dropTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from './test-database';
export { startTestApp, type TestApp } from './test-app';
export { describeOperationsEndpoints } from './operations-endpoints.suite';
