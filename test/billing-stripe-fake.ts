/**
 * An in-process fake of the parts of Stripe's API the adapter and Stripe.js use, following the
 * published shapes: form-encoded requests, Idempotency-Key replay (a key is the account's, for one
 * endpoint and one set of parameters), 402 card errors carrying the PaymentIntent or SetupIntent, the
 * search query language (only `metadata['k']:'v'`) and its lag behind writes on demand, SetupIntents
 * confirmed from the browser with the publishable key and client secret, test card numbers, and a card
 * whose bank asks for authentication (3-D Secure) when it is set up.
 * As on a real account, a secret key may not send raw card numbers: only Stripe.js (publishable key) does.
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

/**
 * Stripe's "authenticate unless set up" card (`pm_card_authenticationRequiredOnSetup`): confirming a
 * SetupIntent with it stops at requires_action until the cardholder authenticates, and once set up
 * its off-session charges need no authentication, which is what the charges here do. Its sibling
 * 4000 0027 6000 3184 ("always authenticate") would also fail every off-session renewal with
 * authentication_required, a different story from saving the card.
 */
const AUTHENTICATE_ON_SETUP = '4000002500003155';

export interface FakeStripe {
  port: number;
  url: string;
  intents: Map<string, Json>;
  setupIntents: Map<string, Json>;
  customers: Map<string, Json>;
  /** Every request in order, with its form or query parameters and the kind of key that made it. */
  requests: {
    method: string;
    path: string;
    params: URLSearchParams;
    key: 'secret' | 'publishable' | 'none';
  }[];
  /** How many times each endpoint was called, e.g. 'POST /v1/payment_intents'. */
  calls: Map<string, number>;
  /**
   * Stripe's search is not read-after-write consistent (objects show up about a minute later). While
   * lagging, customers and PaymentIntents created are left out of search results; turning it off
   * makes them all searchable, as the index catching up would.
   */
  lagSearch(on: boolean): void;
  /**
   * Test-only: stands in for the cardholder answering their bank's challenge in Stripe.js
   * (`stripe.handleNextAction`), which on real Stripe happens in the browser with no API of ours.
   * Moves a SetupIntent waiting in requires_action to succeeded (the card attached to its customer)
   * or, when authentication fails, back to requires_payment_method with the error Stripe reports.
   */
  completeAuthentication(setupIntentId: string, outcome: 'succeeded' | 'failed'): void;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

function metadataOf(form: URLSearchParams): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of form) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match) metadata[match[1]!] = value;
  }
  return metadata;
}

const notFound = (what: string) => ({
  status: 404,
  body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } },
});
const invalid = (message: string) => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', message } },
});

/**
 * What Stripe.js does for `stripe.confirmCardSetup(clientSecret, {payment_method: {card}})`: the card
 * goes from the browser to Stripe with the publishable key, never to our server.
 */
export async function confirmCardSetupLikeStripeJs(
  baseUrl: string,
  publishableKey: string,
  clientSecret: string,
  card: { number: string; expMonth: number; expYear: number; cvc: string },
): Promise<{ status: number; body: Json }> {
  const post = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${publishableKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const method = await post('/v1/payment_methods', {
    type: 'card',
    'card[number]': card.number,
    'card[exp_month]': String(card.expMonth),
    'card[exp_year]': String(card.expYear),
    'card[cvc]': card.cvc,
  });
  if (method.status !== 200) return method;
  const setupIntentId = clientSecret.split('_secret_')[0]!;
  return post(`/v1/setup_intents/${setupIntentId}/confirm`, {
    client_secret: clientSecret,
    payment_method: method.body.id as string,
  });
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const methods = new Map<string, { number: string; json: Json }>();
  const intents = new Map<string, Json>();
  const setupIntents = new Map<string, Json>();
  const customers = new Map<string, Json>();
  const requests: FakeStripe['requests'] = [];
  /** By key alone: Stripe scopes keys to the account, so a key reused elsewhere is an error, not a new request. */
  const idempotent = new Map<string, { request: string; result: { status: number; body: Json } }>();
  const unindexed = new Set<string>();
  let lagging = false;
  const calls = new Map<string, number>();

  function cardError(decline: (typeof DECLINES)[string], intent?: Json, setupIntent?: Json) {
    return {
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: decline.code,
          decline_code: decline.decline_code,
          message: decline.message,
          ...(intent ? { payment_intent: intent } : {}),
          ...(setupIntent ? { setup_intent: setupIntent } : {}),
        },
      },
    };
  }

  /** Attaches the payment method to the SetupIntent's customer, as a succeeded off-session setup does. */
  function confirmSetup(intent: Json, paymentMethodId: string): { status: number; body: Json } {
    const pm = methods.get(paymentMethodId);
    if (!pm) return invalid('No such PaymentMethod');
    const owner = pm.json.customer as string | null;
    if (owner && owner !== intent.customer)
      return invalid('The payment method you provided has already been attached to a customer.');
    intent.payment_method = pm.json.id;
    const decline = DECLINES[pm.number];
    if (decline?.onAttach) {
      intent.status = 'requires_payment_method';
      intent.last_setup_error = {
        code: decline.code,
        decline_code: decline.decline_code,
        message: decline.message,
      };
      return cardError(decline, undefined, intent);
    }
    if (pm.number === AUTHENTICATE_ON_SETUP) {
      // Not an error: a 200 whose intent says what the client must do next.
      intent.status = 'requires_action';
      intent.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect', source: id('src') },
      };
      intent.last_setup_error = null;
      return { status: 200, body: intent };
    }
    intent.status = 'succeeded';
    intent.last_setup_error = null;
    pm.json.customer = intent.customer;
    return { status: 200, body: intent };
  }

  function handle(
    method: string,
    path: string,
    form: URLSearchParams,
    query: URLSearchParams,
    key: 'secret' | 'publishable' | 'none',
  ): { status: number; body: Json } {
    if (key === 'none')
      return {
        status: 401,
        body: { error: { type: 'invalid_request_error', message: 'No API key provided.' } },
      };
    const setupPath = /^\/v1\/setup_intents\/(seti_[0-9a-f]+)(\/confirm)?$/.exec(path);
    if (key === 'publishable') {
      // Stripe.js may only create payment methods and confirm a SetupIntent it holds the secret of.
      const isStripeJs =
        (method === 'POST' && path === '/v1/payment_methods') ||
        (method === 'POST' && setupPath?.[2] !== undefined);
      if (!isStripeJs)
        return {
          status: 401,
          body: {
            error: {
              type: 'invalid_request_error',
              message: 'This API call cannot be made with a publishable API key.',
            },
          },
        };
    }
    if (method === 'POST' && path === '/v1/payment_methods') {
      if (key === 'secret' && form.has('card[number]'))
        return invalid('Sending credit card numbers directly to the Stripe API is generally unsafe.');
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
        customer: null as string | null,
      };
      methods.set(pm.id, { number, json: pm });
      return { status: 200, body: pm };
    }
    const paymentMethodPath = /^\/v1\/payment_methods\/(pm_[0-9a-f]+)$/.exec(path);
    if (method === 'GET' && paymentMethodPath) {
      const pm = methods.get(paymentMethodPath[1]!);
      return pm ? { status: 200, body: pm.json } : notFound('payment_method');
    }
    if (method === 'POST' && path === '/v1/customers') {
      const customer = { id: id('cus'), object: 'customer', metadata: metadataOf(form) };
      customers.set(customer.id, customer);
      if (lagging) unindexed.add(customer.id);
      return { status: 200, body: customer };
    }
    if (method === 'POST' && path === '/v1/setup_intents') {
      const setupId = id('seti');
      const intent: Json = {
        id: setupId,
        object: 'setup_intent',
        client_secret: `${setupId}_secret_${randomBytes(8).toString('hex')}`,
        customer: form.get('customer'),
        usage: form.get('usage') ?? 'off_session',
        metadata: metadataOf(form),
        payment_method: null,
        status: 'requires_payment_method',
        next_action: null,
        last_setup_error: null,
      };
      setupIntents.set(setupId, intent);
      const paymentMethod = form.get('payment_method');
      if (paymentMethod && form.get('confirm') === 'true') return confirmSetup(intent, paymentMethod);
      if (paymentMethod) {
        intent.payment_method = paymentMethod;
        intent.status = 'requires_confirmation';
      }
      return { status: 200, body: intent };
    }
    if (setupPath) {
      const intent = setupIntents.get(setupPath[1]!);
      if (!intent) return notFound('setup_intent');
      if (method === 'GET' && !setupPath[2]) return { status: 200, body: intent };
      if (method === 'POST' && setupPath[2]) {
        if (key === 'publishable' && form.get('client_secret') !== intent.client_secret)
          return invalid(
            'The client_secret provided does not match the client_secret associated with the SetupIntent.',
          );
        if (intent.status === 'succeeded') return invalid('This SetupIntent has already been confirmed.');
        return confirmSetup(
          intent,
          form.get('payment_method') ?? (intent.payment_method as string | null) ?? '',
        );
      }
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const pm = methods.get(form.get('payment_method') ?? '');
      if (!pm)
        return {
          status: 400,
          body: { error: { type: 'invalid_request_error', message: 'No such PaymentMethod' } },
        };
      const metadata = metadataOf(form);
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
      if (lagging) unindexed.add(intent.id as string);
      return decline ? cardError(decline, intent) : { status: 200, body: intent };
    }
    const searched = /^\/v1\/(payment_intents|customers)\/search$/.exec(path);
    if (method === 'GET' && searched) {
      const match = /^metadata\['(.+)'\]:'(.+)'$/.exec(query.get('query') ?? '');
      const data = match
        ? [...(searched[1] === 'customers' ? customers : intents).values()].filter(
            (i) =>
              !unindexed.has(i.id as string) &&
              (i.metadata as Record<string, string>)[match[1]!] === match[2],
          )
        : [];
      return {
        status: 200,
        body: {
          object: 'search_result',
          url: path,
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
      const body = Buffer.concat(chunks).toString('utf8');
      const params = new URLSearchParams(method === 'GET' ? url.search : body);
      // Stripe.js sends its publishable key as the `key` parameter (a simple CORS request, no preflight).
      const auth =
        /^Bearer (sk|rk|pk)_/.exec(request.headers.authorization ?? '')?.[1] ??
        (params.get('key')?.startsWith('pk_') ? 'pk' : undefined);
      const apiKey = auth === 'pk' ? 'publishable' : auth ? 'secret' : 'none';
      requests.push({ method, path: url.pathname, params, key: apiKey });
      const key = request.headers['idempotency-key'];
      // What the key was first used for: the endpoint and its parameters, in any order.
      const fingerprint = `${method} ${url.pathname}?${[...params].map(String).sort().join('&')}`;
      const saved = typeof key === 'string' && method === 'POST' ? idempotent.get(key) : undefined;
      const replay =
        saved &&
        (saved.request === fingerprint
          ? saved.result
          : {
              status: 400,
              body: {
                error: {
                  type: 'idempotency_error',
                  message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
                },
              },
            });
      const result =
        replay ?? handle(method, url.pathname, new URLSearchParams(body), url.searchParams, apiKey);
      if (typeof key === 'string' && method === 'POST' && !saved)
        idempotent.set(key, { request: fingerprint, result });
      response.writeHead(result.status, {
        'content-type': 'application/json',
        'request-id': id('req'),
        ...(replay && saved?.request === fingerprint ? { 'idempotent-replayed': 'true' } : {}),
      });
      response.end(JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    intents,
    setupIntents,
    customers,
    requests,
    calls,
    lagSearch(on) {
      lagging = on;
      if (!on) unindexed.clear();
    },
    completeAuthentication(setupIntentId, outcome) {
      const intent = setupIntents.get(setupIntentId);
      if (intent?.status !== 'requires_action') throw new Error(`${setupIntentId} awaits no authentication`);
      const pm = methods.get(intent.payment_method as string)!;
      intent.next_action = null;
      if (outcome === 'succeeded') {
        intent.status = 'succeeded';
        pm.json.customer = intent.customer;
        return;
      }
      // As Stripe does: the payment method is taken off the intent and named in the error.
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_setup_error = {
        type: 'invalid_request_error',
        code: 'setup_intent_authentication_failure',
        message: 'The latest attempt to set up the payment method has failed because authentication failed.',
        payment_method: pm.json,
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
