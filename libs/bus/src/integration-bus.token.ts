/** The Nest injection token of the process's IntegrationBus (provided by `BusModule.forRoot`). */
export const INTEGRATION_BUS = Symbol('IntegrationBus');
