// Test support, imported as '@tillidsbarometer/domain/testing': never by production code.
export { deciderSpecification } from './src/testing/decider-specification';
