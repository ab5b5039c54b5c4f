// Test support, imported as '@tillidsbarometer/event-store/testing': never by production code.
export { createTestDatabase, TEST_POSTGRES_ADMIN_URL, type TestDatabase } from './src/testing/test-database';
export { describeEventStoreConformance, type ConformanceSubject } from './src/conformance/event-store.conformance';
