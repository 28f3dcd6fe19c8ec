import { configParsers as parse, type ConfigArea } from '../platform/index.js';

/** "Check my IM host": what the check trusts, how long it waits, and how often a host may run it. */
export interface DiagnosticsConfig {
  diagnosticsCaFile: string | undefined;
  diagnosticsTimeoutMs: number;
  diagnosticsRunsPerHour: number;
}

export const diagnosticsConfig: ConfigArea<DiagnosticsConfig> = {
  options: [
    {
      key: 'diagnosticsCaFile',
      env: 'IMHOST_DIAGNOSTICS_CA_FILE',
      description:
        "PEM file of extra CAs \"Check my IM host\" trusts beside the system's (a private CA that the members' apps trust too). Unset: the system's CAs, as the apps use.",
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'diagnosticsTimeoutMs',
      env: 'IMHOST_DIAGNOSTICS_TIMEOUT_MS',
      description:
        'How long "Check my IM host" waits for each answer (a connection, a handshake, a reply) before it reports "connection timed out".',
      defaultValue: 5000,
      parse: parse.positiveInt,
    },
    {
      key: 'diagnosticsRunsPerHour',
      env: 'IMHOST_DIAGNOSTICS_RUNS_PER_HOUR',
      description:
        'How many times "Check my IM host" may run per host in an hour (one at a time); more answers `diagnostics_rate_limited`.',
      defaultValue: 20,
      parse: parse.positiveInt,
    },
  ],
};
