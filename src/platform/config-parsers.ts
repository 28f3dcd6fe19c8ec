import { ConfigValueError, type Parser } from './config.js';

/** The parsers options are declared with: each turns the raw text into the value, or refuses it. */

export const string: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new ConfigValueError('must not be empty');
  return raw.trim();
};
export const optionalString: Parser<string | undefined> = (raw) =>
  raw.trim() === '' ? undefined : raw.trim();
export const port: Parser<number> = (raw) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new ConfigValueError('must be a port number from 0 to 65535');
  return value;
};
export const optionalPort: Parser<number | undefined> = (raw) => (raw.trim() === '' ? undefined : port(raw));
export const optionalDomain: Parser<string | undefined> = (raw) => {
  const domain = raw.trim().toLowerCase().replace(/\.$/, '');
  if (domain === '') return undefined;
  if (!/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/.test(domain))
    throw new ConfigValueError('must be a domain name such as im.example.net');
  return domain;
};
export const positiveInt: Parser<number> = (raw) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigValueError('must be a positive integer');
  return value;
};
export const nonNegativeInt: Parser<number> = (raw) => {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new ConfigValueError('must be an integer, 0 or more');
  return value;
};
export const boolean: Parser<boolean> = (raw) => {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigValueError('must be true or false');
};
export function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) => {
    if ((values as string[]).includes(raw)) return raw as T;
    throw new ConfigValueError(`must be one of: ${values.join(', ')}`);
  };
}
export const url: Parser<string> = (raw) => {
  try {
    const parsed = new URL(raw);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error();
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigValueError('must be an http(s) URL');
  }
};
export const optionalUrl: Parser<string | undefined> = (raw) => (raw.trim() === '' ? undefined : url(raw));
/** Unset when empty; otherwise it must start with one of the prefixes (as API keys do). */
export function prefixed(...prefixes: string[]): Parser<string | undefined> {
  return (raw) => {
    if (raw.trim() === '') return undefined;
    if (!prefixes.some((prefix) => raw.trim().startsWith(prefix)))
      throw new ConfigValueError(`must start with ${prefixes.join(' or ')}`);
    return raw.trim();
  };
}
