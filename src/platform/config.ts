import { readFileSync } from 'node:fs';

/**
 * Typed, validated configuration, declared where it is used. Each area lists its options next to
 * its code (`<area>-options.ts`): an environment variable (`IMHOST_*`), a config-file key, a
 * default and a parser. The composition root (src/bin/config.ts) loads every area's options into
 * one `Config`. Options may also come from a JSON config file (`IMHOST_CONFIG_FILE`, keys as in
 * `key`); environment variables win over the file. A bad value stops start-up with a message naming
 * the key.
 */

export type Parser<T> = (raw: string) => T;

/** What a parser throws for a value it refuses; the loader names the variable or key it came from. */
export class ConfigValueError extends Error {}

/** One option of a configuration `C`: its key there, its variable, its default and its parser. */
export type OptionSpec<C> = {
  [K in keyof C]-?: {
    key: K;
    env: string;
    description: string;
    /** A value, or one derived from the options read before it (in the order they are declared). */
    defaultValue: C[K] | ((partial: Partial<C>) => C[K]);
    /** How the README's table words a derived default; without it, the value itself. */
    defaultText?: string;
    parse: Parser<C[K]>;
  };
}[keyof C];

/** An area's options, and what it checks or completes once every option is read. */
export interface ConfigArea<C> {
  options: readonly OptionSpec<C>[];
  finish?(config: C): void;
}

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

/**
 * Reads the options, in order, from the environment and the config file (which may hold only their
 * keys), then hands the result to `finish` for checks across options.
 */
export function loadOptions<C>(
  options: readonly OptionSpec<C>[],
  env: NodeJS.ProcessEnv,
  finish?: (config: C) => void,
): C {
  const file = env.IMHOST_CONFIG_FILE ? readConfigFile(env.IMHOST_CONFIG_FILE) : {};
  const known = new Set<PropertyKey>(options.map((o) => o.key));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) throw new ConfigError(key, `is not a known option (in ${env.IMHOST_CONFIG_FILE})`);
  }
  const config: Partial<Record<keyof C, unknown>> = {};
  for (const option of options) {
    const fromEnv = env[option.env];
    const fromFile = file[String(option.key)];
    const raw = fromEnv ?? (fromFile === undefined || fromFile === null ? undefined : fileValue(fromFile));
    if (raw === undefined) {
      const fallback: unknown = option.defaultValue;
      config[option.key] =
        typeof fallback === 'function'
          ? (fallback as (partial: Partial<C>) => unknown)(config as Partial<C>)
          : fallback;
      continue;
    }
    try {
      config[option.key] = (option.parse as Parser<unknown>)(raw);
    } catch (error) {
      const source = fromEnv !== undefined ? option.env : `${String(option.key)} (config file)`;
      throw new ConfigError(source, error instanceof ConfigValueError ? error.message : String(error));
    }
  }
  const result = config as C;
  finish?.(result);
  return result;
}
