import { AppError } from '../lib/errors.js';

const MAX_DISPLAY_NAME_LENGTH = 100;
/** Controls and lone surrogates would garble the dashboard and vCards (PostgreSQL rejects NUL outright). */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u2028\u2029]/u;

/** A blank display name means "none", so clearing it is the same as sending null. */
export function normalizeDisplayName(input: string | null | undefined): string | null {
  const trimmed = (input ?? '').trim();
  if (trimmed === '') return null;
  if ([...trimmed].length > MAX_DISPLAY_NAME_LENGTH || UNPRINTABLE.test(trimmed)) {
    throw new AppError('display_name_invalid');
  }
  return trimmed.normalize('NFC');
}
