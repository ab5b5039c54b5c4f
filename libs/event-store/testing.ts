// Test support, imported as '@tillidsbarometer/event-store/testing': never by production code.
export { createTestDatabase, TEST_POSTGRES_ADMIN_URL, type TestDatabase } from './src/testing/test-database';
export {
  describeEventStoreConformance,
  type ConformanceOptions,
  type ConformanceSubject,
  type MissingCapabilities,
} from './src/conformance/event-store.conformance';
