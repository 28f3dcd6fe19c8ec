import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { errorRegistry } from '../src/lib/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { postForm } from './support/api-client.js';
import { ticketFields } from './support/support-desk.js';

const MAX_FILE_BYTES = 2048;
/** The multipart field size limit of the support routes; a longer value is cut by the parser. */
const MAX_FIELD_BYTES = 300_000;

/** One way a form can arrive broken, from a careless client, a proxy or an attacker. */
type Breakage =
  | { kind: 'content type'; contentType: string }
  | { kind: 'truncated'; at: number }
  | { kind: 'other boundary'; boundary: string }
  | { kind: 'garbage part headers'; part: number; garbage: Uint8Array }
  | { kind: 'unknown field'; name: string; value: string }
  | { kind: 'file under an unknown name'; name: string }
  | { kind: 'oversize part'; part: 'file' | 'field' };

const knownFields = new Set([
  ...Object.keys(ticketFields()),
  'logText',
  'hostId',
  'invoiceId',
  'body',
  'status',
  'files',
]);
const unknownName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }).filter((name) => !knownFields.has(name)),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
);

const breakages: fc.Arbitrary<Breakage> = fc.oneof(
  fc.record({
    kind: fc.constant('content type' as const),
    contentType: fc.constantFrom(
      'multipart/form-data',
      'multipart/form-data; charset=utf-8',
      'multipart/form-data; boundary=',
      `multipart/form-data; boundary=${'b'.repeat(300)}`,
    ),
  }),
  fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('other boundary' as const),
    boundary: fc.stringMatching(/^[0-9A-Za-z'()+_,./:=?-]{0,60}[0-9A-Za-z]$/),
  }),
  fc.record({
    kind: fc.constant('garbage part headers' as const),
    part: fc.nat(),
    garbage: fc.uint8Array({ maxLength: 120 }),
  }),
  fc.record({ kind: fc.constant('unknown field' as const), name: unknownName, value: fc.string() }),
  fc.record({ kind: fc.constant('file under an unknown name' as const), name: unknownName }),
  fc.record({
    kind: fc.constant('oversize part' as const),
    part: fc.constantFrom('file' as const, 'field' as const),
  }),
);

/** What the API must answer: framing errors are malformed_multipart, content errors keep their own codes. */
function expectedError(breakage: Breakage): { status: number; code: string } {
  switch (breakage.kind) {
    case 'unknown field':
    case 'file under an unknown name':
      return { status: 400, code: 'validation_failed' };
    case 'oversize part':
      return breakage.part === 'file'
        ? { status: 413, code: 'attachment_too_large' }
        : { status: 400, code: 'validation_failed' };
    default:
      return { status: 400, code: 'malformed_multipart' };
  }
}

interface Body {
  contentType: string;
  payload: Buffer;
}

/** A form as a browser sends it (through the platform's FormData), with one file. */
async function browserForm(
  fields: Record<string, string>,
  file: { field: string; data: Buffer },
): Promise<Body> {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  data.append(file.field, new Blob([new Uint8Array(file.data)], { type: 'text/plain' }), 'notes.log');
  const request = new Request('http://form.invalid/', { method: 'POST', body: data });
  return {
    contentType: request.headers.get('content-type') ?? '',
    payload: Buffer.from(await request.arrayBuffer()),
  };
}

const boundaryOf = (body: Body) => /boundary=(.+)$/.exec(body.contentType)?.[1] ?? '';

/** Where each part's header block starts and ends (before its blank line). */
function headerBlocks(body: Body): { start: number; end: number }[] {
  const opening = Buffer.from(`--${boundaryOf(body)}\r\n`);
  const blocks = [];
  for (let at = body.payload.indexOf(opening); at !== -1; at = body.payload.indexOf(opening, at + 1)) {
    const start = at + opening.length;
    blocks.push({ start, end: body.payload.indexOf('\r\n\r\n', start) });
  }
  return blocks;
}

async function brokenForm(fields: Record<string, string>, breakage: Breakage): Promise<Body> {
  const log = { field: 'files', data: Buffer.from('10:02:41 ERROR connection timed out\n') };
  const valid = await browserForm(fields, log);
  switch (breakage.kind) {
    case 'content type':
      return { ...valid, contentType: breakage.contentType };
    case 'truncated':
      // Anywhere before the closing delimiter is complete; an empty body is a different case.
      return { ...valid, payload: valid.payload.subarray(0, 1 + (breakage.at % (valid.payload.length - 3))) };
    case 'other boundary':
      return { ...valid, contentType: `multipart/form-data; boundary=${breakage.boundary}x` };
    case 'garbage part headers': {
      const blocks = headerBlocks(valid);
      const { start, end } = blocks[breakage.part % blocks.length] ?? { start: 0, end: 0 };
      const { payload } = valid;
      return {
        ...valid,
        payload: Buffer.concat([payload.subarray(0, start), breakage.garbage, payload.subarray(end)]),
      };
    }
    case 'unknown field':
      return browserForm({ ...fields, [breakage.name]: breakage.value }, log);
    case 'file under an unknown name':
      return browserForm(fields, { ...log, field: breakage.name });
    case 'oversize part':
      return breakage.part === 'file'
        ? browserForm(fields, { ...log, data: Buffer.alloc(MAX_FILE_BYTES + 1, 'x') })
        : browserForm({ ...fields, logText: 'x'.repeat(MAX_FIELD_BYTES + 1) }, log);
  }
}

for (const dialect of testDialects()) {
  describe(`support forms under malformed multipart on ${dialect}`, () => {
    let t: TestApp;
    let customer: Actor;
    let agent: Actor;
    let ticketId: string;

    before(async () => {
      t = await startTestApp(dialect, { IMHOST_SUPPORT_MAX_FILE_BYTES: String(MAX_FILE_BYTES) });
      customer = await signUpCustomer(t, { name: 'Fuzz', organization: 'Fuzz Ltd' });
      agent = await signInStaff(t, 'support', 'Fuzz Agent');
      // With an attachment, so the attachment directory exists before the first refused form.
      const created = await postForm(t, customer, '/tickets', ticketFields(), [
        { name: 'first.log', data: Buffer.from('10:02:41 ERROR connection timed out\n') },
      ]);
      assert.equal(created.statusCode, 201, created.body);
      ticketId = created.json().ticket.id;
    });
    after(() => t.close());

    /** What a refused form must not leave behind: rows, and attachment files on disk. */
    async function stored(): Promise<Record<string, number>> {
      const { db } = t.database;
      const count = async (table: 'support_tickets' | 'support_messages' | 'support_attachments') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const attachmentDir = path.join(t.config.dataDir, 'support', 'attachments');
      const files = readdirSync(attachmentDir, { recursive: true, withFileTypes: true });
      return {
        tickets: await count('support_tickets'),
        messages: await count('support_messages'),
        attachments: await count('support_attachments'),
        files: files.filter((entry) => entry.isFile()).length,
      };
    }

    const routes = [
      { name: 'POST /tickets', url: () => '/tickets', who: () => customer, fields: ticketFields() },
      {
        name: 'POST /tickets/{id}/replies',
        url: () => `/tickets/${ticketId}/replies`,
        who: () => customer,
        fields: { body: 'More details about the timeouts.' },
      },
      {
        name: 'POST /admin/tickets/{id}/replies',
        url: () => `/admin/tickets/${ticketId}/replies`,
        who: () => agent,
        fields: { body: 'Please try again now.' },
      },
      {
        name: 'POST /admin/tickets/{id}/notes',
        url: () => `/admin/tickets/${ticketId}/notes`,
        who: () => agent,
        fields: { body: 'Checked the server logs.' },
      },
    ];

    for (const route of routes) {
      it(`${route.name} refuses every broken form with its error code and stores nothing`, async () => {
        const before = await stored();
        await fc.assert(
          fc.asyncProperty(breakages, async (breakage) => {
            const { contentType, payload } = await brokenForm(route.fields, breakage);
            const who = route.who();
            const response = await t.app.inject({
              method: 'POST',
              url: `/api/v1${route.url()}`,
              headers: { 'content-type': contentType, cookie: who.cookie, 'x-csrf-token': who.csrf },
              payload,
            });
            const expected = expectedError(breakage);
            const code = response.json<{ error?: { code: string } }>().error?.code ?? '';
            assert.equal(response.statusCode, expected.status, `${breakage.kind}: ${response.body}`);
            assert.equal(code, expected.code, breakage.kind);
            assert.ok(code in errorRegistry, code);
            assert.deepEqual(await stored(), before, `${breakage.kind} stored something`);
          }),
          { numRuns: 60 },
        );
      });
    }
  });
}
