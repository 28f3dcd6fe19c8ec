import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import { deriveScramKeys } from '../../lib/scram.js';
import type { HostDirectory, HostRecord, MemberCredentials, SaslContext, SaslStep } from '../core/index.js';
import { DEFAULT_LOGIN_THROTTLE_LIMITS, LoginThrottle } from '../../lib/login-throttle.js';
import { createSaslAuthenticator } from './sasl-authenticator.js';
import { createScramExchange } from './scram-mechanism.js';

const host: HostRecord = {
  id: 'host_1',
  domain: 'example.test',
  status: 'active',
  statusReason: null,
  customerId: 'cus_1',
};

function credentialsFor(
  password: string,
  saltB64: string,
  status: 'active' | 'disabled' = 'active',
): MemberCredentials {
  const salt = Buffer.from(saltB64, 'base64');
  return {
    memberId: 'mem_1',
    status,
    salt,
    iterations: 4096,
    sha1: deriveScramKeys('sha1', password, salt, 4096),
    sha256: deriveScramKeys('sha256', password, salt, 4096),
  };
}

function directoryWith(users: Record<string, MemberCredentials>): HostDirectory {
  return {
    findHostByDomain: async () => host,
    getCredentials: async (_hostId, username) => users[username] ?? null,
    recordLogin: async () => {},
    recordActivity: async () => {},
    memberExists: async (_hostId, username) => username in users,
    changePassword: async () => {},
    entitlements: async () => ({
      archiveRetentionDays: null,
      uploadQuotaMb: null,
      pepStorageKb: null,
      maxRooms: null,
      maxRoomOccupants: null,
    }),
    listEntitlements: async () => [],
  };
}

function context(overrides: Partial<SaslContext> = {}): SaslContext {
  return { host, remoteAddress: '192.0.2.1', isSecure: true, tls: undefined, ...overrides };
}

async function run(steps: string[], exchange: { step(b: Buffer): Promise<SaslStep> }): Promise<SaslStep[]> {
  const out: SaslStep[] = [];
  for (const s of steps) out.push(await exchange.step(Buffer.from(s)));
  return out;
}

function text(step: SaslStep | undefined): string {
  assert.ok(step && step.kind !== 'failure', JSON.stringify(step));
  return (step.kind === 'challenge' ? step.data : step.data!).toString();
}

describe('SCRAM', () => {
  it('passes the RFC 5802 SCRAM-SHA-1 vector', async () => {
    const deps = {
      directory: directoryWith({ user: credentialsFor('pencil', 'QSXCR+Q6sek8bf92') }),
      throttle: new LoginThrottle(new SimulatedClock()),
    };
    const exchange = createScramExchange(deps, context(), {
      hash: 'sha1',
      isPlus: false,
      serverOffersPlus: false,
      serverNonce: () => '3rfcNHYJY1ZVvWVs7j',
    });
    const [first, final] = await run(
      [
        'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
        'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
      ],
      exchange,
    );
    assert.equal(text(first), 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    assert.equal(final?.kind, 'success');
    assert.equal(text(final), 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=');
  });

  it('passes the RFC 7677 SCRAM-SHA-256 vector', async () => {
    const deps = {
      directory: directoryWith({ user: credentialsFor('pencil', 'W22ZaJ0SNY7soEsUEjb6gQ==') }),
      throttle: new LoginThrottle(new SimulatedClock()),
    };
    const exchange = createScramExchange(deps, context(), {
      hash: 'sha256',
      isPlus: false,
      serverOffersPlus: false,
      serverNonce: () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    });
    const [first, final] = await run(
      [
        'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
        'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
      ],
      exchange,
    );
    assert.equal(
      text(first),
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    assert.equal(text(final), 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('refuses a wrong proof, then throttles the address with a retry time', async () => {
    const clock = new SimulatedClock();
    const deps = {
      directory: directoryWith({ user: credentialsFor('pencil', 'QSXCR+Q6sek8bf92') }),
      throttle: new LoginThrottle(clock, {
        ...DEFAULT_LOGIN_THROTTLE_LIMITS,
        perAccountAndSource: 2,
        windowMs: 60_000,
      }),
    };
    const attempt = () =>
      run(
        ['n,,n=user,r=abc', 'c=biws,r=abc3rfc,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts='],
        createScramExchange(deps, context(), {
          hash: 'sha1',
          isPlus: false,
          serverOffersPlus: false,
          serverNonce: () => '3rfc',
        }),
      );
    assert.deepEqual((await attempt())[1], {
      kind: 'failure',
      condition: 'not-authorized',
      username: 'user',
    });
    await attempt();
    const [throttled] = await attempt();
    assert.equal(throttled?.kind === 'failure' && throttled.condition, 'temporary-auth-failure');
    assert.match(throttled?.kind === 'failure' ? throttled.text! : '', /Try again in 60 seconds/);
    clock.advance(60_000);
    assert.equal((await attempt())[0]?.kind, 'challenge');
  });

  it('answers an unknown user with a challenge like any other, then fails', async () => {
    const deps = { directory: directoryWith({}), throttle: new LoginThrottle(new SimulatedClock()) };
    const [first, final] = await run(
      ['n,,n=ghost,r=abc', 'c=biws,r=abc3rfc,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts='],
      createScramExchange(deps, context(), {
        hash: 'sha1',
        isPlus: false,
        serverOffersPlus: false,
        serverNonce: () => '3rfc',
      }),
    );
    assert.equal(first?.kind, 'challenge');
    assert.equal(final?.kind, 'failure');
  });

  it('detects a channel-binding downgrade and refuses p= on a non-PLUS mechanism', async () => {
    const deps = { directory: directoryWith({}), throttle: new LoginThrottle(new SimulatedClock()) };
    const [downgrade] = await run(
      ['y,,n=user,r=abc'],
      createScramExchange(deps, context(), { hash: 'sha1', isPlus: false, serverOffersPlus: true }),
    );
    assert.equal(downgrade?.kind, 'failure');
    const [wrongFlag] = await run(
      ['p=tls-exporter,,n=user,r=abc'],
      createScramExchange(deps, context(), { hash: 'sha1', isPlus: false, serverOffersPlus: true }),
    );
    assert.deepEqual(wrongFlag, { kind: 'failure', condition: 'malformed-request' });
  });

  it('says a suspended host is suspended and a disabled member is disabled', async () => {
    const deps = {
      directory: directoryWith({ user: credentialsFor('pencil', 'QSXCR+Q6sek8bf92', 'disabled') }),
      throttle: new LoginThrottle(new SimulatedClock()),
    };
    const [suspended] = await run(
      ['n,,n=user,r=abc'],
      createScramExchange(deps, context({ host: { ...host, status: 'suspended' } }), {
        hash: 'sha1',
        isPlus: false,
        serverOffersPlus: false,
      }),
    );
    assert.equal(suspended?.kind === 'failure' && suspended.condition, 'account-disabled');
    assert.match(suspended?.kind === 'failure' ? suspended.text! : '', /suspended.*dashboard/);
    const [, disabled] = await run(
      [
        'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
        'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
      ],
      createScramExchange(deps, context(), {
        hash: 'sha1',
        isPlus: false,
        serverOffersPlus: false,
        serverNonce: () => '3rfcNHYJY1ZVvWVs7j',
      }),
    );
    assert.equal(disabled?.kind === 'failure' && disabled.condition, 'account-disabled');
  });
});

describe('SASL mechanisms', () => {
  const deps = {
    directory: directoryWith({ user: credentialsFor('pencil', 'QSXCR+Q6sek8bf92') }),
    throttle: new LoginThrottle(new SimulatedClock()),
  };
  const auth = createSaslAuthenticator(deps);

  it('offers PLAIN only inside TLS and -PLUS only with channel-binding data', () => {
    assert.deepEqual(auth.mechanisms(context({ isSecure: false })), ['SCRAM-SHA-256', 'SCRAM-SHA-1']);
    assert.ok(auth.mechanisms(context()).includes('PLAIN'));
    const tls = { types: () => ['tls-exporter', 'tls-server-end-point'], data: () => Buffer.alloc(32, 1) };
    assert.deepEqual(auth.mechanisms(context({ tls })).slice(0, 2), [
      'SCRAM-SHA-256-PLUS',
      'SCRAM-SHA-1-PLUS',
    ]);
    assert.equal(auth.start('PLAIN', context({ isSecure: false })), undefined);
  });

  it('checks a PLAIN password against the stored keys', async () => {
    const ok = await auth.start('PLAIN', context())!.step(Buffer.from('\0user\0pencil'));
    assert.equal(ok.kind, 'success');
    const bad = await auth.start('PLAIN', context())!.step(Buffer.from('\0user\0pencil2'));
    assert.equal(bad.kind, 'failure');
  });
});
