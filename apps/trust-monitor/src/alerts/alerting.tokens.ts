/** The alerting's configuration, read once from RuntimeConfig.env. */
export const ALERTING_CONFIG = Symbol('AlertingConfig');
