import { accountsConfig, type AccountsConfig } from '../accounts/index.js';
import { billingConfig, type BillingConfig } from '../billing/index.js';
import { diagnosticsConfig, type DiagnosticsConfig } from '../diagnostics/index.js';
import { domainsConfig, type DomainsAreaConfig } from '../domains/index.js';
import { monitoringConfig, type MonitoringConfig } from '../monitoring/index.js';
import { loadOptions, platformConfig, type OptionSpec, type PlatformConfig } from '../platform/index.js';
import { supportConfig, type SupportConfig } from '../support/index.js';
import { tenancyConfig, type TenancyConfig } from '../tenancy/index.js';
import { xmppConfig, type XmppConfig } from '../xmpp/core/index.js';

/**
 * The whole configuration: every area's options, each declared next to the code that reads it.
 * Options are read in this order (a default may derive from an option read before it), and so
 * listed in the README's configuration table.
 */
export type Config = PlatformConfig &
  AccountsConfig &
  TenancyConfig &
  XmppConfig &
  SupportConfig &
  BillingConfig &
  DomainsAreaConfig &
  DiagnosticsConfig &
  MonitoringConfig;

const areas = [
  platformConfig,
  accountsConfig,
  tenancyConfig,
  xmppConfig,
  supportConfig,
  billingConfig,
  domainsConfig,
  diagnosticsConfig,
  monitoringConfig,
] as const;

export const configOptions: readonly OptionSpec<Config>[] = areas.flatMap(
  (area): readonly OptionSpec<Config>[] => area.options,
);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadOptions(configOptions, env, (config) => {
    for (const area of areas) area.finish?.(config);
  });
}
