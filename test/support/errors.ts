/** Reading the typed JSON errors of the API. */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

/** The stable code of an API error answer (undefined when the answer is no error). */
export function errorCode(response: LightMyRequestResponse): string | undefined {
  return response.json<{ error?: { code?: string } }>().error?.code;
}

/** Asserts the status and the error code together, and shows the body when they differ. */
export function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(errorCode(response), code, response.body);
}
