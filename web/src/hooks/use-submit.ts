import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';

export interface Submission {
  isPending: boolean;
  error: ApiError | null;
  success: string | null;
  /** The server's message for one field, if it named that field. */
  fieldError(name: string): string | undefined;
  /** Runs `action`; its resolved string (if any) becomes the success message. */
  run(action: () => Promise<string | void>): Promise<boolean>;
  reset(): void;
}

/** State of one form submission: pending, the server's error and field problems, or a success note. */
export function useSubmit(): Submission {
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [success, setSuccess] = useState<string | null>(null);

  const run = useCallback(async (action: () => Promise<string | void>) => {
    setPending(true);
    setError(null);
    setSuccess(null);
    try {
      const message = await action();
      setSuccess(message ?? null);
      return true;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'client_error', String(caught)));
      return false;
    } finally {
      setPending(false);
    }
  }, []);

  const fieldError = useCallback(
    (name: string) => error?.fieldProblems.find((problem) => problem.field === name)?.message,
    [error],
  );

  const reset = useCallback(() => {
    setError(null);
    setSuccess(null);
  }, []);

  return { isPending, error, success, fieldError, run, reset };
}
