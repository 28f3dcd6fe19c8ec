import {
  ConfigError,
  ConfigValueError,
  configParsers as parse,
  type ConfigArea,
  type Parser,
  type PlatformConfig,
} from '../platform/index.js';

/** The options of customers' own domains: ownership proof, DNS lookups and ACME certificates. */
export interface DomainsAreaConfig {
  acmeDirectoryUrl: string | undefined;
  acmeEmail: string | undefined;
  acmeCaFile: string | undefined;
  domainVerification: 'required' | 'off';
  dnsServers: readonly string[] | undefined;
  serviceHostname: string;
  // The domain's registration: RDAP, and how domains registered through the provider are renewed.
  rdapBaseUrl: string | undefined;
  rdapBootstrapUrl: string;
  registrar: 'manual' | 'epp';
  eppHost: string | undefined;
  eppPort: number;
  eppClientId: string | undefined;
  eppPassword: string | undefined;
  eppCaFile: string | undefined;
  domainRenewalLeadDays: number;
}

const requiredDomain: Parser<string> = (raw) => {
  const domain = parse.optionalDomain(raw);
  if (domain === undefined) throw new ConfigValueError('must not be empty');
  return domain;
};
/** `ip:port,…`; a bare IP means port 53, and IPv6 with a port is written `[::1]:53`. */
const dnsServers: Parser<readonly string[] | undefined> = (raw) => {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  for (const entry of entries) {
    const match = /^(?:\[([0-9a-f:]+)\]|([0-9.]+)|([0-9a-f:]+))(?::(\d+))?$/i.exec(entry);
    if (!match || (match[4] !== undefined && parse.port(match[4]) === 0))
      throw new ConfigValueError('must be a comma-separated list of ip:port, e.g. 127.0.0.1:53');
  }
  return entries;
};

/** Needed once EPP renews domains; checked after every option is read, so the message names the missing one. */
const eppKeys: readonly (keyof DomainsAreaConfig)[] = ['eppHost', 'eppClientId', 'eppPassword'];

export const domainsConfig: ConfigArea<DomainsAreaConfig> = {
  options: [
    {
      key: 'acmeDirectoryUrl',
      env: 'IMHOST_ACME_DIRECTORY_URL',
      description:
        'ACME directory (`https://acme-v02.api.letsencrypt.org/directory`): every verified host domain gets a trusted certificate, http-01 answered on the HTTP port. Unset: hosts keep self-signed certificates.',
      defaultValue: undefined,
      parse: parse.optionalUrl,
    },
    {
      key: 'acmeEmail',
      env: 'IMHOST_ACME_EMAIL',
      description: "The ACME account's contact address (the CA's notices go there).",
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'acmeCaFile',
      env: 'IMHOST_ACME_CA_FILE',
      description:
        "PEM file of a CA to trust for the ACME directory's HTTPS (a test CA such as pebble's). Unset: the system's CAs.",
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'domainVerification',
      env: 'IMHOST_DOMAIN_VERIFICATION',
      description:
        "`required`: a custom domain serves clients and gets a certificate only once a TXT record proves it is the customer's. `off`: every host serves at once, unverified. Default: `required` with ACME configured, else `off`.",
      defaultValue: (c) => (c.acmeDirectoryUrl ? 'required' : 'off'),
      defaultText: '`required` with ACME, else `off`',
      parse: parse.oneOf('required', 'off'),
    },
    {
      key: 'dnsServers',
      env: 'IMHOST_DNS_SERVERS',
      description:
        "DNS servers for every lookup imhost makes (`ip:port,…`, e.g. `127.0.0.1:8053`). Unset: the system's resolvers.",
      defaultValue: undefined,
      parse: dnsServers,
    },
    {
      key: 'serviceHostname',
      env: 'IMHOST_SERVICE_HOSTNAME',
      description:
        "The name customers' SRV records point at, and their domains' CNAME. Default: the host of IMHOST_PUBLIC_URL.",
      // Platform's options are read before this area's, so the public URL is already there.
      defaultValue: (c) => new URL((c as Partial<PlatformConfig>).publicUrl ?? 'http://localhost').hostname,
      defaultText: 'the host of IMHOST_PUBLIC_URL',
      parse: requiredDomain,
    },
    {
      key: 'rdapBaseUrl',
      env: 'IMHOST_RDAP_BASE_URL',
      description:
        "One RDAP server (RFC 9083) for every domain's registration (`https://rdap.example/`), for private registries and tests. Unset: each TLD's server from the RFC 9224 bootstrap file.",
      defaultValue: undefined,
      parse: parse.optionalUrl,
    },
    {
      key: 'rdapBootstrapUrl',
      env: 'IMHOST_RDAP_BOOTSTRAP_URL',
      description: 'Where the RFC 9224 RDAP bootstrap file for DNS is read from (kept for a day).',
      defaultValue: 'https://data.iana.org/rdap/dns.json',
      parse: parse.url,
    },
    {
      key: 'registrar',
      env: 'IMHOST_REGISTRAR',
      description:
        'How domains registered through the provider are renewed: `manual` (a task in the staff queue) or `epp` (RFC 5730/5731 over TLS; needs the `IMHOST_EPP_*` settings). See [docs/domain-registration.md](docs/domain-registration.md).',
      defaultValue: 'manual',
      parse: parse.oneOf('manual', 'epp'),
    },
    {
      key: 'eppHost',
      env: 'IMHOST_EPP_HOST',
      description: "The registrar's EPP server name. Required with `IMHOST_REGISTRAR=epp`.",
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'eppPort',
      env: 'IMHOST_EPP_PORT',
      description: "The registrar's EPP port (RFC 5734).",
      defaultValue: 700,
      parse: parse.port,
    },
    {
      key: 'eppClientId',
      env: 'IMHOST_EPP_CLIENT_ID',
      description: 'The EPP login `clID`. Required with `IMHOST_REGISTRAR=epp`.',
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'eppPassword',
      env: 'IMHOST_EPP_PASSWORD',
      description: 'The EPP login password. Required with `IMHOST_REGISTRAR=epp`.',
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'eppCaFile',
      env: 'IMHOST_EPP_CA_FILE',
      description: "PEM file of the CA that signs the EPP server's certificate, when it is not a public one.",
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'domainRenewalLeadDays',
      env: 'IMHOST_DOMAIN_RENEWAL_LEAD_DAYS',
      description:
        "Days before its expiry an auto-renewing domain is invoiced, charged and renewed (the card has dunning's retries before the expiry).",
      defaultValue: 30,
      parse: parse.positiveInt,
    },
  ],
  finish(config) {
    if (config.registrar !== 'epp') return;
    for (const option of domainsConfig.options) {
      if (eppKeys.includes(option.key) && config[option.key] === undefined)
        throw new ConfigError(option.env, 'is required when IMHOST_REGISTRAR is epp');
    }
  },
};
