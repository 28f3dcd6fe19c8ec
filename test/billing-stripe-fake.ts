/**
 * An in-process fake of the parts of Stripe's API the adapter uses, following the published
 * shapes: form-encoded requests, Idempotency-Key replay, 402 card errors carrying the PaymentIntent,
 * the search query language (only `metadata['k']:'v'`), and test card numbers.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

const DECLINES: Record<string, { code: string; decline_code: string; message: string; onAttach: boolean }> = {
  '4000000000000002': {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
    onAttach: true,
  },
  '4000000000009995': {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
    onAttach: false,
  },
  '4000000000000341': {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
    onAttach: false,
  },
};

export interface FakeStripe {
  port: number;
  intents: Map<string, Json>;
  /** How many times each endpoint was called, e.g. 'POST /v1/payment_intents'. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

export async function startFakeStripe(): Promise<FakeStripe> {
  const methods = new Map<string, { number: string; json: Json }>();
  const intents = new Map<string, Json>();
  const idempotent = new Map<string, { status: number; body: Json }>();
  const calls = new Map<string, number>();

  function cardError(decline: (typeof DECLINES)[string], intent?: Json) {
    return {
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: decline.code,
          decline_code: decline.decline_code,
          message: decline.message,
          ...(intent ? { payment_intent: intent } : {}),
        },
      },
    };
  }

  function handle(
    method: string,
    path: string,
    form: URLSearchParams,
    query: URLSearchParams,
  ): { status: number; body: Json } {
    if (method === 'POST' && path === '/v1/payment_methods') {
      const number = form.get('card[number]') ?? '';
      const pm = {
        id: id('pm'),
        object: 'payment_method',
        type: 'card',
        card: {
          brand: number.startsWith('4') ? 'visa' : 'mastercard',
          last4: number.slice(-4),
          exp_month: Number(form.get('card[exp_month]')),
          exp_year: Number(form.get('card[exp_year]')),
        },
      };
      methods.set(pm.id, { number, json: pm });
      return { status: 200, body: pm };
    }
    if (method === 'POST' && path === '/v1/customers')
      return { status: 200, body: { id: id('cus'), object: 'customer' } };
    if (method === 'POST' && path === '/v1/setup_intents') {
      const pm = methods.get(form.get('payment_method') ?? '');
      if (!pm)
        return {
          status: 400,
          body: { error: { type: 'invalid_request_error', message: 'No such PaymentMethod' } },
        };
      const decline = DECLINES[pm.number];
      if (decline?.onAttach) return cardError(decline);
      return {
        status: 200,
        body: { id: id('seti'), object: 'setup_intent', status: 'succeeded', payment_method: pm.json.id },
      };
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const pm = methods.get(form.get('payment_method') ?? '');
      if (!pm)
        return {
          status: 400,
          body: { error: { type: 'invalid_request_error', message: 'No such PaymentMethod' } },
        };
      const metadata: Record<string, string> = {};
      for (const [key, value] of form) {
        const match = /^metadata\[(.+)\]$/.exec(key);
        if (match) metadata[match[1]!] = value;
      }
      const decline = DECLINES[pm.number];
      const intent: Json = {
        id: id('pi'),
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        customer: form.get('customer'),
        payment_method: pm.json.id,
        metadata,
        status: decline ? 'requires_payment_method' : 'succeeded',
        last_payment_error: decline
          ? { code: decline.code, decline_code: decline.decline_code, message: decline.message }
          : null,
      };
      intents.set(intent.id as string, intent);
      return decline ? cardError(decline, intent) : { status: 200, body: intent };
    }
    if (method === 'GET' && path === '/v1/payment_intents/search') {
      const match = /^metadata\['(.+)'\]:'(.+)'$/.exec(query.get('query') ?? '');
      const data = match
        ? [...intents.values()].filter((i) => (i.metadata as Record<string, string>)[match[1]!] === match[2])
        : [];
      return {
        status: 200,
        body: {
          object: 'search_result',
          url: '/v1/payment_intents/search',
          data,
          has_more: false,
          next_page: null,
        },
      };
    }
    const retrieve = /^\/v1\/payment_intents\/(pi_[0-9a-f]+)$/.exec(path);
    if (method === 'GET' && retrieve) {
      const intent = intents.get(retrieve[1]!);
      return intent
        ? { status: 200, body: intent }
        : {
            status: 404,
            body: { error: { type: 'invalid_request_error', message: 'No such payment_intent' } },
          };
    }
    if (method === 'POST' && path === '/v1/refunds')
      return {
        status: 200,
        body: {
          id: id('re'),
          object: 'refund',
          amount: Number(form.get('amount')),
          payment_intent: form.get('payment_intent'),
          status: 'succeeded',
        },
      };
    return {
      status: 404,
      body: {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` },
      },
    };
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const method = request.method ?? 'GET';
      calls.set(`${method} ${url.pathname}`, (calls.get(`${method} ${url.pathname}`) ?? 0) + 1);
      const key = request.headers['idempotency-key'];
      const replay =
        typeof key === 'string' && method === 'POST' ? idempotent.get(`${url.pathname}|${key}`) : undefined;
      const result =
        replay ??
        handle(
          method,
          url.pathname,
          new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
          url.searchParams,
        );
      if (typeof key === 'string' && method === 'POST' && !replay)
        idempotent.set(`${url.pathname}|${key}`, result);
      response.writeHead(result.status, {
        'content-type': 'application/json',
        'request-id': id('req'),
        ...(replay ? { 'idempotent-replayed': 'true' } : {}),
      });
      response.end(JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    intents,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
