export { eventually, type EventuallyOptions } from './eventually';
export { freePort } from './free-port';
export { NatsServerProcess } from './nats-server';
export {
  cloneTestDatabase,
  createTestDatabase,
  databaseEnvironment,
  dropTestDatabase,
  postgresAvailable,
  TEST_POSTGRES_ADMIN_URL,
  type TestDatabase,
} from './test-database';
