import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpenAPI3, OperationObject, ReferenceObject, ResponseObject } from 'openapi-typescript';
import { apiDocument } from '../scripts/openapi.js';
import { auditActions } from '../src/api/audit-actions.js';
import { errorRegistry } from '../src/lib/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';

/**
 * The dashboard's own modules, loaded as the browser would (they are typed by web/'s tsconfig, not
 * this one): the action labels and the generated error fields.
 */
async function dashboardModule<T>(file: string): Promise<T> {
  return (await import(new URL(`../web/src/${file}`, import.meta.url).href)) as T;
}
const { actionLabels } = await dashboardModule<{ actionLabels: Record<string, string> }>(
  'components/audit-labels.ts',
);
const { errorFields } = await dashboardModule<{ errorFields: Record<string, readonly string[] | undefined> }>(
  'api/generated/error-fields.ts',
);

/**
 * The API document is what the dashboard's types are generated from, so it must say everything:
 * every operation its answer and its errors, and every error code and audit action the server can
 * produce, each of which the dashboard must be able to name.
 */
const ERROR_REF = '#/components/schemas/ErrorResponse';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

function operations(document: OpenAPI3): { name: string; operation: OperationObject }[] {
  return Object.entries(document.paths ?? {})
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operation = (item as Record<string, OperationObject | undefined>)[method];
        return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
      }),
    );
}

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

/** The schema of a JSON (or binary) answer, if it has one. */
function answerSchema(response: ResponseObject | ReferenceObject | undefined): unknown {
  if (!response || isReference(response)) return undefined;
  return Object.values(response.content ?? {})[0]?.schema;
}

function enumOf(document: OpenAPI3, name: string): string[] {
  const schema = document.components?.schemas?.[name] as { enum?: string[] } | undefined;
  return schema?.enum ?? [];
}

describe('the API document', () => {
  let document: OpenAPI3;
  before(async () => {
    document = await apiDocument();
  });

  it('gives every operation its success answer, with a schema unless it answers 204', () => {
    const lacking = operations(document)
      .filter(({ operation }) => {
        const responses = operation.responses ?? {};
        const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
        if (success.length === 0) return true;
        return success.some((status) => status !== '204' && answerSchema(responses[status]) === undefined);
      })
      .map(({ name }) => name);
    assert.ok(operations(document).length > 100, 'the document lists the API');
    assert.deepEqual(lacking, []);
  });

  it('gives every operation the shared error answer for client and server errors', () => {
    const lacking = operations(document)
      .filter(({ operation }) =>
        ['4XX', '5XX'].some((status) => {
          const schema = answerSchema(operation.responses?.[status]);
          return !isReference(schema) || schema.$ref !== ERROR_REF;
        }),
      )
      .map(({ name }) => name);
    assert.deepEqual(lacking, []);
  });

  it('names every code of the error registry, and the fields the dashboard shows them beside', () => {
    assert.deepEqual(enumOf(document, 'ErrorCode').sort(), Object.keys(errorRegistry).sort());
    const registryFields = Object.fromEntries(
      Object.entries(errorRegistry).flatMap(([code, entry]) =>
        'fields' in entry && entry.fields ? [[code, [...entry.fields]]] : [],
      ),
    );
    assert.deepEqual(
      Object.fromEntries(Object.entries(errorFields).map(([code, fields]) => [code, [...(fields ?? [])]])),
      registryFields,
      'the dashboard reads the fields from the generated file: run npm run generate:api',
    );
  });

  it('lists every audit action the routes record, and the dashboard has a label for each', () => {
    const declared = operations(document).flatMap(({ operation }) => {
      const action = (operation as { 'x-audit-action'?: string })['x-audit-action'];
      return action ? [action] : [];
    });
    assert.ok(declared.length > 50, 'audited writes name their action');
    const known = enumOf(document, 'AuditAction');
    assert.deepEqual(known.sort(), [...auditActions].sort());
    assert.deepEqual(
      declared.filter((action) => !known.includes(action)),
      [],
      'routes record only actions of the registry (src/api/audit-actions.ts)',
    );
    assert.deepEqual(
      known.filter((action) => !Object.hasOwn(actionLabels, action)),
      [],
      'the dashboard names every action (web/src/components/audit-labels.ts)',
    );
  });
});

/** Whether a route's response schemas name this status, exactly or by its class (4xx, 5xx). */
function isDeclared(responses: Record<string, unknown>, status: number): boolean {
  const classOf = `${String(status)[0]}xx`;
  return Object.keys(responses).some((key) => key === String(status) || key.toLowerCase() === classOf);
}

describe('the API answers only with statuses it declares', () => {
  let t: TestApp;
  const undeclared: string[] = [];
  before(async () => {
    t = await startTestApp('sqlite');
    t.app.addHook('onResponse', async (request, reply) => {
      const url = request.routeOptions.url;
      if (!url?.startsWith('/api/v1/')) return;
      const responses = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
      if (!isDeclared(responses, reply.statusCode))
        undeclared.push(`${request.method} ${url} answered ${reply.statusCode}`);
    });
  });
  after(async () => {
    await t?.close();
  });

  it('on answers of every kind: created, read, changed, deleted, refused and missing', async () => {
    const owner = await signUpCustomer(t, { name: 'Declared', organization: 'Declared Ltd' });
    const staff = await signInStaff(t, 'admin', 'Auditor');
    const host = await call(t, owner, 'POST', '/hosts', { domain: 'chat.declared.test' });
    assert.equal(host.statusCode, 201, host.body);
    const hostId = host.json<{ id: string }>().id;
    const answers = [
      await call(t, owner, 'GET', '/me'),
      await call(t, owner, 'GET', `/hosts/${hostId}`),
      await call(t, owner, 'POST', `/hosts/${hostId}/members`, {
        username: 'ada',
        password: 'analytical-1843',
      }),
      await call(t, owner, 'PATCH', `/hosts/${hostId}/members/ada`, { status: 'disabled' }),
      await call(t, owner, 'DELETE', `/hosts/${hostId}/members/ada`),
      await call(t, owner, 'POST', '/hosts', { domain: 'not a domain' }),
      await call(t, owner, 'GET', '/hosts/host_missing'),
      await call(t, null, 'GET', '/me'),
      await call(t, owner, 'GET', '/admin/audit'),
      await call(t, staff, 'GET', '/admin/audit'),
      await call(t, staff, 'GET', '/admin/billing/plans'),
      await call(t, owner, 'POST', '/tokens', { name: 'ci' }),
      await call(t, owner, 'DELETE', `/hosts/${hostId}`),
    ];
    assert.deepEqual(
      answers.map((answer) => Math.floor(answer.statusCode / 100)),
      [2, 2, 2, 2, 2, 4, 4, 4, 4, 2, 2, 2, 2],
    );
    assert.deepEqual(undeclared, []);
  });
});
