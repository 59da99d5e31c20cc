export { describeOperationsEndpoints } from './operations-endpoints.suite';
export { startTestApp, type TestApp } from './test-app';
export { seedOrganization, type SeededOrganization } from './seed-organization';
export { callApi, type HttpAnswer } from './http-call';
export { type ReceivedRequest, ScriptedReceiver } from './scripted-receiver';
export { testDatabaseClient } from './test-database-client';
export { AppProcess, type ChildDatabase, childDatabase } from './app-process';
