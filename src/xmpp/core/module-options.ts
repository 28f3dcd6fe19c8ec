/**
 * Typed module options with defaults and bounds, as ejabberd's `mod_options`/`mod_opt_type` and
 * Prosody's `module:get_option_integer(name, default, min, max)` give them. A module declares them
 * in its manifest; the operator sets them in the configuration (`xmppModules`), and a value of the
 * wrong type, out of bounds, or for an option that does not exist stops start-up with an error
 * that names the module and the option.
 */

export interface IntegerOption {
  type: 'integer';
  default: number;
  min: number;
  max: number;
  description: string;
}

export interface StringOption {
  type: 'string';
  default: string;
  /** The allowed values; any string without. */
  oneOf?: readonly string[];
  description: string;
}

export interface BooleanOption {
  type: 'boolean';
  default: boolean;
  description: string;
}

export interface ListOption {
  type: 'list';
  default: readonly string[];
  maxItems: number;
  /** What every item must look like, with its name in words ("STUN or TURN URIs"); any string without. */
  items?: { pattern: RegExp; description: string };
  description: string;
}

export type OptionSpec = IntegerOption | StringOption | BooleanOption | ListOption;
export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends IntegerOption
  ? number
  : S extends StringOption
    ? string
    : S extends BooleanOption
      ? boolean
      : readonly string[];

export type OptionValues<O extends OptionSpecs> = { readonly [K in keyof O]: ValueOf<O[K]> };

/** Option declarations for manifests: `option.integer({ default: 50, min: 1, max: 1000, description })`. */
export const option = {
  integer: (spec: Omit<IntegerOption, 'type'>): IntegerOption => ({ type: 'integer', ...spec }),
  string: (spec: Omit<StringOption, 'type'>): StringOption => ({ type: 'string', ...spec }),
  boolean: (spec: Omit<BooleanOption, 'type'>): BooleanOption => ({ type: 'boolean', ...spec }),
  list: (spec: Omit<ListOption, 'type'>): ListOption => ({ type: 'list', ...spec }),
};

/** A bad option value; `path` is `<module>` or `<module>.<option>`. */
export class ModuleOptionError extends Error {
  override name = 'ModuleOptionError';

  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

/** What a value must be, in words: for error messages and the generated documentation. */
export function describeBounds(spec: OptionSpec): string {
  switch (spec.type) {
    case 'integer':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'string':
      return spec.oneOf ? `one of ${spec.oneOf.join(', ')}` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'list':
      return `a list of at most ${spec.maxItems} ${spec.items?.description ?? 'strings'}`;
  }
}

function isValid(spec: OptionSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max;
    case 'string':
      return typeof value === 'string' && (!spec.oneOf || spec.oneOf.includes(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return (
        Array.isArray(value) &&
        value.length <= spec.maxItems &&
        value.every((item) => typeof item === 'string' && (!spec.items || spec.items.pattern.test(item)))
      );
  }
}

/** The module's option values: its defaults, overridden by what the operator set. */
export function resolveOptions<O extends OptionSpecs>(
  moduleName: string,
  specs: O,
  configured: Readonly<Record<string, unknown>> = {},
): OptionValues<O> {
  for (const key of Object.keys(configured))
    if (!Object.hasOwn(specs, key)) {
      const known = Object.keys(specs);
      throw new ModuleOptionError(
        `${moduleName}.${key}`,
        `is not an option of ${moduleName} (${known.length ? `its options: ${known.join(', ')}` : 'it has none'})`,
      );
    }
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = Object.hasOwn(configured, key) ? configured[key] : spec.default;
    if (!isValid(spec, value))
      throw new ModuleOptionError(
        `${moduleName}.${key}`,
        `must be ${describeBounds(spec)}, not ${JSON.stringify(value)}`,
      );
    values[key] = value;
  }
  return values as OptionValues<O>;
}
