export { describeOperationsEndpoints } from './operations-endpoints.suite';
export { startTestApp, type TestApp } from './test-app';
