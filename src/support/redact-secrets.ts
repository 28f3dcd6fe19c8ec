/**
 * Removes secrets from log text before it is stored: customers paste client and server logs, and
 * those carry passwords, tokens, Authorization headers and SASL exchanges (whose base64 payload is
 * the password for PLAIN). Each rule keeps the name of what was hidden, so support still sees that a
 * credential was sent, and replaces only the value.
 */
import { API_TOKEN_PREFIX } from '../accounts/index.js';

export const REDACTED = '[REDACTED]';

const SECRET_KEYS =
  '(?:pass(?:word|wd|phrase)?|pwd|secret|client_secret|token|access_token|refresh_token|id_token|auth_token|api[_-]?key|apikey|private[_-]?key|session(?:id)?|cookie)';

interface Rule {
  pattern: RegExp;
  replace: (...groups: string[]) => string;
}

const rules: Rule[] = [
  // HTTP headers that carry credentials, to the end of the line.
  {
    pattern: /^(\s*(?:proxy-)?authorization\s*:\s*)(\S.*)$/gim,
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  { pattern: /^(\s*(?:set-)?cookie\s*:\s*)(\S.*)$/gim, replace: (_m, head) => `${head}${REDACTED}` },
  // Bearer / Basic credentials wherever they appear (e.g. inside a JSON dump of headers).
  {
    pattern: /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{8,}/g,
    replace: (_m, scheme) => `${scheme} ${REDACTED}`,
  },
  // XMPP SASL elements: <auth>, <response>, <challenge>, <success>, SASL2 <initial-response>.
  {
    pattern: /(<(auth|response|challenge|success|initial-response|additional-data)\b[^>]*>)([^<]+)(<\/\2>)/gi,
    replace: (_m, open, _name, _payload, close) => `${open}${REDACTED}${close}`,
  },
  // SMTP / IMAP / POP style: AUTH PLAIN <base64>, AUTHENTICATE PLAIN <base64>, LOGIN user pass.
  {
    pattern:
      /\b(AUTH(?:ENTICATE)?\s+(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5|SCRAM-SHA-\d+(?:-PLUS)?))\s+\S+/gi,
    replace: (_m, head) => `${head} ${REDACTED}`,
  },
  { pattern: /\b(LOGIN\s+\S+)\s+\S+/g, replace: (_m, head) => `${head} ${REDACTED}` },
  // key=value, key: value, "key": "value" for every key that names a secret.
  {
    pattern: new RegExp(`("?\\b[\\w.-]*${SECRET_KEYS}"?\\s*[:=]\\s*)("[^"]*"|'[^']*'|[^\\s,;&}]+)`, 'gi'),
    replace: (_m, head, value) => {
      const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${head}${quote}${REDACTED}${quote}`;
    },
  },
  // Passwords in URLs: scheme://user:secret@host.
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi,
    replace: (_m, head) => `${head}${REDACTED}@`,
  },
  // JSON Web Tokens, whatever they are labelled.
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: () => REDACTED },
  // Well-known token formats: our API tokens, Stripe, GitHub, Slack, AWS access keys.
  {
    pattern: new RegExp(
      `\\b(?:${API_TOKEN_PREFIX}[A-Za-z0-9_-]{16,}|sk_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\\b`,
      'g',
    ),
    replace: () => REDACTED,
  },
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const rule of rules) {
    result = result.replace(rule.pattern, (...args: unknown[]) => {
      const groups = args
        .slice(0, -2)
        .filter((value): value is string => typeof value === 'string' || value === undefined)
        .map((v) => v ?? '');
      return rule.replace(...groups);
    });
  }
  return result;
}
