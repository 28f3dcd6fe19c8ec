import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Typed, validated configuration. Every option has an environment variable (`IMHOST_*`), a default,
 * and may also come from a JSON config file (`IMHOST_CONFIG_FILE`, keys as in `key` below).
 * Environment variables win over the file. A bad value stops start-up with a message naming the key.
 */
export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  bind: string;
  httpPort: number;
  publicUrl: string;
  c2sPort: number;
  c2sTlsPort: number;
  staff2fa: 'required' | 'optional';
  clock: 'system' | 'simulated';
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxBodyBytes: number;
  trustProxy: boolean;
  sessionTtlHours: number;
  contactAbuse: string | undefined;
  contactSupport: string | undefined;
  contactSecurity: string | undefined;
  uploadMaxFileBytes: number;
  defaultUploadQuotaMb: number;
  /** Per XMPP module, its option values; checked against the modules' declarations at start-up. */
  xmppModules: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  hostedDomain: string | undefined;
  supportAddress: string | undefined;
  supportInboundSmtpPort: number | undefined;
  supportMaxFileBytes: number;
  supportMaxTicketBytes: number;
  supportMaxOpenTickets: number;
  supportTicketsPerHour: number;
  supportEmailRepliesPerHour: number;
  supportReminderDays: number;
  supportAutoResolveDays: number;
  supportAutoCloseDays: number;
  paymentGateway: 'sandbox' | 'stripe';
  stripeSecretKey: string | undefined;
  stripePublishableKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  stripeApiUrl: string | undefined;
  // domain registration (issue 16)
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

type Parser<T> = (raw: string) => T;

interface OptionSpec<K extends keyof Config> {
  key: K;
  env: string;
  description: string;
  defaultValue: Config[K] | ((partial: Partial<Config>) => Config[K]);
  parse: Parser<Config[K]>;
}

class ConfigValueError extends Error {}

const string: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new ConfigValueError('must not be empty');
  return raw.trim();
};
const optionalString: Parser<string | undefined> = (raw) => (raw.trim() === '' ? undefined : raw.trim());
const port: Parser<number> = (raw) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new ConfigValueError('must be a port number from 0 to 65535');
  return value;
};
const optionalPort: Parser<number | undefined> = (raw) => (raw.trim() === '' ? undefined : port(raw));
const optionalDomain: Parser<string | undefined> = (raw) => {
  const domain = raw.trim().toLowerCase().replace(/\.$/, '');
  if (domain === '') return undefined;
  if (!/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/.test(domain))
    throw new ConfigValueError('must be a domain name such as im.example.net');
  return domain;
};
const positiveInt: Parser<number> = (raw) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigValueError('must be a positive integer');
  return value;
};
const nonNegativeInt: Parser<number> = (raw) => {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new ConfigValueError('must be an integer, 0 or more');
  return value;
};
const boolean: Parser<boolean> = (raw) => {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigValueError('must be true or false');
};
function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) => {
    if ((values as string[]).includes(raw)) return raw as T;
    throw new ConfigValueError(`must be one of: ${values.join(', ')}`);
  };
}
const url: Parser<string> = (raw) => {
  try {
    const parsed = new URL(raw);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error();
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigValueError('must be an http(s) URL');
  }
};
const databaseUrl: Parser<string | undefined> = (raw) => {
  if (raw.trim() === '') return undefined;
  if (!/^(postgres|postgresql|sqlite):/.test(raw))
    throw new ConfigValueError(
      'must start with postgres:// (or sqlite:PATH); leave unset for the embedded SQLite file',
    );
  return raw;
};
function prefixed(...prefixes: string[]): Parser<string | undefined> {
  return (raw) => {
    if (raw.trim() === '') return undefined;
    if (!prefixes.some((prefix) => raw.trim().startsWith(prefix)))
      throw new ConfigValueError(`must start with ${prefixes.join(' or ')}`);
    return raw.trim();
  };
}
const optionalUrl: Parser<string | undefined> = (raw) => (raw.trim() === '' ? undefined : url(raw));
/** `{"module": {"option": value}}`; the values themselves are the modules' to check. */
const moduleOptions: Parser<Config['xmppModules']> = (raw) => {
  const shape = 'must be a JSON object of XMPP modules to their options, e.g. {"mam": {"writeDelayMs": 100}}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigValueError(shape);
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject)) throw new ConfigValueError(shape);
  return parsed as Config['xmppModules'];
};
const smtpUrl: Parser<string | undefined> = (raw) => {
  if (raw.trim() === '') return undefined;
  if (!/^smtps?:\/\//.test(raw)) throw new ConfigValueError('must start with smtp:// or smtps://');
  return raw;
};

export const configOptions = [
  {
    key: 'dataDir',
    env: 'IMHOST_DATA_DIR',
    description: 'Where the SQLite file, certificates and uploads live.',
    defaultValue: './data',
    parse: string,
  },
  {
    key: 'databaseUrl',
    env: 'IMHOST_DATABASE_URL',
    description: 'Unset: the SQLite file `<data dir>/imhost.sqlite`. `postgres://…`: PostgreSQL.',
    defaultValue: undefined,
    parse: databaseUrl,
  },
  {
    key: 'bind',
    env: 'IMHOST_BIND',
    description: 'The address every listener binds to.',
    defaultValue: '0.0.0.0',
    parse: string,
  },
  {
    key: 'httpPort',
    env: 'IMHOST_HTTP_PORT',
    description: 'Dashboard, REST API, WebSocket and metrics port.',
    defaultValue: 8080,
    parse: port,
  },
  {
    key: 'publicUrl',
    env: 'IMHOST_PUBLIC_URL',
    description: 'The URL users reach the dashboard at; used in emailed links.',
    defaultValue: (c) => `http://localhost:${c.httpPort ?? 8080}`,
    parse: url,
  },
  {
    key: 'c2sPort',
    env: 'IMHOST_C2S_PORT',
    description: 'XMPP client port (STARTTLS).',
    defaultValue: 5222,
    parse: port,
  },
  {
    key: 'c2sTlsPort',
    env: 'IMHOST_C2S_TLS_PORT',
    description: 'XMPP client port with direct TLS (XEP-0368).',
    defaultValue: 5223,
    parse: port,
  },
  {
    key: 'staff2fa',
    env: 'IMHOST_STAFF_2FA',
    description: '`required`: staff must use TOTP; `optional` for development.',
    defaultValue: 'required',
    parse: oneOf('required', 'optional'),
  },
  {
    key: 'clock',
    env: 'IMHOST_CLOCK',
    description: '`system`, or `simulated` (staff move it with POST /api/v1/admin/clock).',
    defaultValue: 'system',
    parse: oneOf('system', 'simulated'),
  },
  {
    key: 'smtpUrl',
    env: 'IMHOST_SMTP_URL',
    description:
      'Send mail through this SMTP server (`smtp://user:pass@host:port`). Unset: mail stays in the outbox.',
    defaultValue: undefined,
    parse: smtpUrl,
  },
  {
    key: 'mailFrom',
    env: 'IMHOST_MAIL_FROM',
    description: 'The From address of outgoing mail.',
    defaultValue: 'imhost <noreply@localhost>',
    parse: string,
  },
  {
    key: 'logLevel',
    env: 'IMHOST_LOG_LEVEL',
    description: 'pino log level.',
    defaultValue: 'info',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  {
    key: 'maxBodyBytes',
    env: 'IMHOST_MAX_BODY_BYTES',
    description: 'Largest accepted JSON request body, in bytes.',
    defaultValue: 1_048_576,
    parse: positiveInt,
  },
  {
    key: 'trustProxy',
    env: 'IMHOST_TRUST_PROXY',
    description: 'Trust X-Forwarded-* headers (behind a reverse proxy).',
    defaultValue: false,
    parse: boolean,
  },
  {
    key: 'sessionTtlHours',
    env: 'IMHOST_SESSION_TTL_HOURS',
    description: 'How long a dashboard session lasts.',
    defaultValue: 24 * 14,
    parse: positiveInt,
  },
  {
    key: 'contactAbuse',
    env: 'IMHOST_CONTACT_ABUSE',
    description: 'Abuse contact address published over XMPP (XEP-0157).',
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'contactSupport',
    env: 'IMHOST_CONTACT_SUPPORT',
    description: 'Support contact address published over XMPP (XEP-0157).',
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'contactSecurity',
    env: 'IMHOST_CONTACT_SECURITY',
    description: 'Security contact address published over XMPP (XEP-0157).',
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'uploadMaxFileBytes',
    env: 'IMHOST_UPLOAD_MAX_FILE_BYTES',
    description:
      'Largest file a member may upload over XMPP (XEP-0363), in bytes. Files live under `<data dir>/uploads` and count against the plan upload quota.',
    defaultValue: 100 * 1024 * 1024,
    parse: positiveInt,
  },
  {
    key: 'defaultUploadQuotaMb',
    env: 'IMHOST_DEFAULT_UPLOAD_QUOTA_MB',
    description:
      'Upload quota, in MB of 1024 × 1024 bytes, of a host without a plan (a plan sets its own). 0: no uploads without a plan.',
    defaultValue: 100,
    parse: nonNegativeInt,
  },
  {
    key: 'xmppModules',
    env: 'IMHOST_XMPP_MODULES',
    description:
      'Options of the XMPP feature modules, as JSON: `{"mam": {"writeDelayMs": 100}}`. Every module\'s options, with their defaults and bounds, are listed in [docs/xmpp-modules.md](docs/xmpp-modules.md#options); an unknown module or option, or a value out of bounds, stops start-up.',
    defaultValue: {},
    parse: moduleOptions,
  },
  {
    key: 'hostedDomain',
    env: 'IMHOST_HOSTED_DOMAIN',
    description:
      'The shared parent domain (`im.example.net`): hosts on a plan without the custom-domain entitlement must be `<label>.<this domain>`. Unset: no restriction (every plan may use any domain).',
    defaultValue: undefined,
    parse: optionalDomain,
  },
  {
    key: 'supportAddress',
    env: 'IMHOST_SUPPORT_ADDRESS',
    description:
      'The support desk address; replies go to its plus-addresses (`support+t.<ticket>.<mac>@…`). Unset: `support@` the domain of IMHOST_MAIL_FROM.',
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'supportInboundSmtpPort',
    env: 'IMHOST_SUPPORT_INBOUND_SMTP_PORT',
    description: 'Port of the inbound SMTP listener that threads emailed replies into tickets. Unset: off.',
    defaultValue: undefined,
    parse: optionalPort,
  },
  {
    key: 'supportMaxFileBytes',
    env: 'IMHOST_SUPPORT_MAX_FILE_BYTES',
    description: 'Largest support attachment, in bytes.',
    defaultValue: 10 * 1024 * 1024,
    parse: positiveInt,
  },
  {
    key: 'supportMaxTicketBytes',
    env: 'IMHOST_SUPPORT_MAX_TICKET_BYTES',
    description: 'Largest total of attachments on one ticket, in bytes.',
    defaultValue: 25 * 1024 * 1024,
    parse: positiveInt,
  },
  {
    key: 'supportMaxOpenTickets',
    env: 'IMHOST_SUPPORT_MAX_OPEN_TICKETS',
    description: 'Open tickets one customer may have at a time.',
    defaultValue: 10,
    parse: positiveInt,
  },
  {
    key: 'supportTicketsPerHour',
    env: 'IMHOST_SUPPORT_TICKETS_PER_HOUR',
    description: 'New tickets one customer may open per hour.',
    defaultValue: 5,
    parse: positiveInt,
  },
  {
    key: 'supportEmailRepliesPerHour',
    env: 'IMHOST_SUPPORT_EMAIL_REPLIES_PER_HOUR',
    description: 'Emailed replies accepted per ticket per hour (mail-loop protection).',
    defaultValue: 20,
    parse: positiveInt,
  },
  {
    key: 'supportReminderDays',
    env: 'IMHOST_SUPPORT_REMINDER_DAYS',
    description: 'Days waiting on the customer before a reminder is emailed.',
    defaultValue: 3,
    parse: positiveInt,
  },
  {
    key: 'supportAutoResolveDays',
    env: 'IMHOST_SUPPORT_AUTO_RESOLVE_DAYS',
    description: 'Days waiting on the customer before the ticket is resolved.',
    defaultValue: 7,
    parse: positiveInt,
  },
  {
    key: 'supportAutoCloseDays',
    env: 'IMHOST_SUPPORT_AUTO_CLOSE_DAYS',
    description: 'Days a resolved ticket stays open to a reply before it is closed.',
    defaultValue: 3,
    parse: positiveInt,
  },
  {
    key: 'paymentGateway',
    env: 'IMHOST_PAYMENT_GATEWAY',
    description:
      '`sandbox`: the embedded test gateway (Stripe test-card behaviour, no money moves). `stripe`: Stripe; needs the three `IMHOST_STRIPE_*` keys.',
    defaultValue: 'sandbox',
    parse: oneOf('sandbox', 'stripe'),
  },
  {
    key: 'stripeSecretKey',
    env: 'IMHOST_STRIPE_SECRET_KEY',
    description: 'Stripe secret (`sk_…`) or restricted (`rk_…`) API key. Required with the Stripe gateway.',
    defaultValue: undefined,
    parse: prefixed('sk_', 'rk_'),
  },
  {
    key: 'stripePublishableKey',
    env: 'IMHOST_STRIPE_PUBLISHABLE_KEY',
    description:
      'Stripe publishable key (`pk_…`), given to Stripe.js in the dashboard. Required with the Stripe gateway.',
    defaultValue: undefined,
    parse: prefixed('pk_'),
  },
  {
    key: 'stripeWebhookSecret',
    env: 'IMHOST_STRIPE_WEBHOOK_SECRET',
    description:
      'Signing secret (`whsec_…`) of the webhook endpoint `/api/v1/billing/webhooks/stripe`. Required with the Stripe gateway.',
    defaultValue: undefined,
    parse: prefixed('whsec_'),
  },
  {
    key: 'stripeApiUrl',
    env: 'IMHOST_STRIPE_API_URL',
    description:
      'For testing only: send Stripe API calls to this Stripe-compatible endpoint (`http://127.0.0.1:12111`) instead of api.stripe.com.',
    defaultValue: undefined,
    parse: optionalUrl,
  },
  // domain registration (issue 16)
  {
    key: 'rdapBaseUrl',
    env: 'IMHOST_RDAP_BASE_URL',
    description:
      "One RDAP server (RFC 9083) for every domain's registration (`https://rdap.example/`), for private registries and tests. Unset: each TLD's server from the RFC 9224 bootstrap file.",
    defaultValue: undefined,
    parse: optionalUrl,
  },
  {
    key: 'rdapBootstrapUrl',
    env: 'IMHOST_RDAP_BOOTSTRAP_URL',
    description: 'Where the RFC 9224 RDAP bootstrap file for DNS is read from (kept for a day).',
    defaultValue: 'https://data.iana.org/rdap/dns.json',
    parse: url,
  },
  {
    key: 'registrar',
    env: 'IMHOST_REGISTRAR',
    description:
      'How domains registered through the provider are renewed: `manual` (a task in the staff queue) or `epp` (RFC 5730/5731 over TLS; needs the `IMHOST_EPP_*` settings). See [docs/domain-registration.md](docs/domain-registration.md).',
    defaultValue: 'manual',
    parse: oneOf('manual', 'epp'),
  },
  {
    key: 'eppHost',
    env: 'IMHOST_EPP_HOST',
    description: "The registrar's EPP server name. Required with `IMHOST_REGISTRAR=epp`.",
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'eppPort',
    env: 'IMHOST_EPP_PORT',
    description: "The registrar's EPP port (RFC 5734).",
    defaultValue: 700,
    parse: port,
  },
  {
    key: 'eppClientId',
    env: 'IMHOST_EPP_CLIENT_ID',
    description: 'The EPP login `clID`. Required with `IMHOST_REGISTRAR=epp`.',
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'eppPassword',
    env: 'IMHOST_EPP_PASSWORD',
    description: 'The EPP login password. Required with `IMHOST_REGISTRAR=epp`.',
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'eppCaFile',
    env: 'IMHOST_EPP_CA_FILE',
    description: "PEM file of the CA that signs the EPP server's certificate, when it is not a public one.",
    defaultValue: undefined,
    parse: optionalString,
  },
  {
    key: 'domainRenewalLeadDays',
    env: 'IMHOST_DOMAIN_RENEWAL_LEAD_DAYS',
    description:
      "Days before its expiry an auto-renewing domain is invoiced, charged and renewed (the card has dunning's retries before the expiry).",
    defaultValue: 30,
    parse: positiveInt,
  },
] as const satisfies readonly OptionSpec<keyof Config>[];

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid configuration: ${key} ${message}`);
    this.name = 'ConfigError';
  }
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('IMHOST_CONFIG_FILE', `cannot be read: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError('IMHOST_CONFIG_FILE', `is not a JSON object: ${(error as Error).message}`);
  }
}

/** A config-file value as the text its parser reads: structured options (objects) as JSON. */
function fileValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Needed once Stripe is the gateway; checked after every option is read, so the message names the missing one. */
const stripeKeys: readonly (keyof Config)[] = [
  'stripeSecretKey',
  'stripePublishableKey',
  'stripeWebhookSecret',
];

/** Needed once EPP renews domains. */
const eppKeys: readonly (keyof Config)[] = ['eppHost', 'eppClientId', 'eppPassword'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const file = env.IMHOST_CONFIG_FILE ? readConfigFile(env.IMHOST_CONFIG_FILE) : {};
  const known = new Set<string>(configOptions.map((o) => o.key));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) throw new ConfigError(key, `is not a known option (in ${env.IMHOST_CONFIG_FILE})`);
  }
  const config: Partial<Record<keyof Config, unknown>> = {};
  for (const option of configOptions) {
    const fromEnv = env[option.env];
    const fromFile = file[option.key];
    const raw = fromEnv ?? (fromFile === undefined || fromFile === null ? undefined : fileValue(fromFile));
    if (raw === undefined) {
      const fallback = option.defaultValue;
      config[option.key] = typeof fallback === 'function' ? fallback(config as Partial<Config>) : fallback;
      continue;
    }
    try {
      config[option.key] = (option.parse as Parser<unknown>)(raw);
    } catch (error) {
      const source = fromEnv !== undefined ? option.env : `${option.key} (config file)`;
      throw new ConfigError(source, error instanceof ConfigValueError ? error.message : String(error));
    }
  }
  const result = config as Config;
  result.dataDir = path.resolve(result.dataDir);
  if (result.paymentGateway === 'stripe') {
    for (const option of configOptions) {
      if (stripeKeys.includes(option.key) && result[option.key] === undefined)
        throw new ConfigError(option.env, 'is required when IMHOST_PAYMENT_GATEWAY is stripe');
    }
  }
  if (result.registrar === 'epp') {
    for (const option of configOptions) {
      if (eppKeys.includes(option.key) && result[option.key] === undefined)
        throw new ConfigError(option.env, 'is required when IMHOST_REGISTRAR is epp');
    }
  }
  return result;
}
