import {
  ConfigValueError,
  configParsers as parse,
  type ConfigArea,
  type Parser,
} from '../../platform/index.js';

/** The XMPP server's options: its client ports, contacts, uploads, and every module's options. */
export interface XmppConfig {
  c2sPort: number;
  c2sTlsPort: number;
  contactAbuse: string | undefined;
  contactSupport: string | undefined;
  contactSecurity: string | undefined;
  uploadMaxFileBytes: number;
  /** Per XMPP module, its option values; checked against the modules' declarations at start-up. */
  xmppModules: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where clients on TCP are sent on shutdown (`<see-other-host/>`); unset: `<system-shutdown/>`. */
  drainSeeOtherHost: string | undefined;
}

/** `{"module": {"option": value}}`; the values themselves are the modules' to check. */
const moduleOptions: Parser<XmppConfig['xmppModules']> = (raw) => {
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
  return parsed as XmppConfig['xmppModules'];
};

export const xmppConfig: ConfigArea<XmppConfig> = {
  options: [
    {
      key: 'c2sPort',
      env: 'IMHOST_C2S_PORT',
      description: 'XMPP client port (STARTTLS).',
      defaultValue: 5222,
      parse: parse.port,
    },
    {
      key: 'c2sTlsPort',
      env: 'IMHOST_C2S_TLS_PORT',
      description: 'XMPP client port with direct TLS (XEP-0368).',
      defaultValue: 5223,
      parse: parse.port,
    },
    {
      key: 'contactAbuse',
      env: 'IMHOST_CONTACT_ABUSE',
      description: 'Abuse contact address published over XMPP (XEP-0157).',
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'contactSupport',
      env: 'IMHOST_CONTACT_SUPPORT',
      description: 'Support contact address published over XMPP (XEP-0157).',
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'contactSecurity',
      env: 'IMHOST_CONTACT_SECURITY',
      description: 'Security contact address published over XMPP (XEP-0157).',
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'uploadMaxFileBytes',
      env: 'IMHOST_UPLOAD_MAX_FILE_BYTES',
      description:
        'Largest file a member may upload over XMPP (XEP-0363), in bytes. Files live under `<data dir>/uploads` and count against the plan upload quota.',
      defaultValue: 100 * 1024 * 1024,
      parse: parse.positiveInt,
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
      key: 'drainSeeOtherHost',
      env: 'IMHOST_DRAIN_SEE_OTHER_HOST',
      description:
        'On shutdown, send XMPP clients on TCP to this other node (`host` or `host:port`) with a `<see-other-host/>` stream error. Unset: they get `<system-shutdown/>`.',
      defaultValue: undefined,
      // `host`, `host:port` or `[v6]:port`, as RFC 6120 §4.9.3.19 writes the other host.
      parse: (raw: string): string | undefined => {
        const value = raw.trim();
        if (value === '') return undefined;
        if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(value))
          throw new ConfigValueError('must be a host name or address, optionally with :port');
        return value;
      },
    },
  ],
};
