import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import acme from 'acme-client';
import * as x509 from '@peculiar/x509';
import { certificatesRepository } from './certificates.repository.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';
import { ariCertId, retryAfterToSeconds, type RenewalWindow } from './renewal-time.js';

/** http-01 answers waiting for the CA, by token; served at /.well-known/acme-challenge/<token>. */
export type ChallengeAnswers = Map<string, string>;

let trustedCaFile: string | undefined;

/** An RFC 7807 problem document the CA answered with (RFC 8555 §6.7), and its Retry-After. */
interface AcmeProblem {
  status: number;
  type: string;
  detail: string;
  retryAfter: string | undefined;
}

/**
 * acme-client turns a CA's problem document into an Error carrying only its detail text, so the
 * problem's type and the Retry-After header (RFC 8555 §6.6) are noted here, per order: each order
 * runs inside its own store, and axios's promise chain carries the store to this interceptor.
 */
const problemsSeen = new AsyncLocalStorage<AcmeProblem[]>();

function noteProblem(response: { status: number; data: unknown; headers: Record<string, unknown> }): void {
  const seen = problemsSeen.getStore();
  if (!seen || response.status < 400) return;
  const data = response.data as { type?: unknown; detail?: unknown } | null;
  const retryAfter = response.headers['retry-after'];
  seen.push({
    status: response.status,
    type: typeof data?.type === 'string' ? data.type : '',
    detail: typeof data?.detail === 'string' ? data.detail : '',
    retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
  });
}

acme.axios.interceptors.response.use(
  (response) => {
    noteProblem(response);
    return response;
  },
  (error: { response?: Parameters<typeof noteProblem>[0] }) => {
    if (error.response) noteProblem(error.response);
    return Promise.reject(error);
  },
);

const RATE_LIMITED = 'urn:ietf:params:acme:error:rateLimited';
/** How long to wait when a CA rate-limits without saying how long (RFC 8555 makes it a SHOULD). */
const DEFAULT_RATE_LIMIT_WAIT_S = 6 * 3600;

/** An order the CA refused, with what its problem document said. */
export class AcmeOrderError extends Error {
  constructor(
    cause: unknown,
    readonly problem: AcmeProblem | undefined,
    /** Seconds the CA asked us to wait, when it rate-limited us. */
    readonly rateLimitWaitSeconds: number | undefined,
  ) {
    super(
      rateLimitWaitSeconds !== undefined
        ? `the certificate authority's rate limit was reached (${problem?.detail || 'no detail given'})`
        : (cause as Error).message,
      { cause },
    );
  }
}

/**
 * acme-client talks through one shared axios instance: the CA to trust (IMHOST_ACME_CA_FILE) is set
 * on it, and its own retries are turned off: it would wait out a rate limit's Retry-After (hours)
 * inside the request, while our scheduler retries with backoff and honours Retry-After itself.
 */
function configureHttp(caFile: string | undefined): void {
  (acme.axios.defaults as { acmeSettings?: { retryMaxAttempts: number } }).acmeSettings!.retryMaxAttempts = 0;
  if (caFile === trustedCaFile) return;
  acme.axios.defaults.httpsAgent = caFile ? new https.Agent({ ca: readFileSync(caFile) }) : undefined;
  trustedCaFile = caFile;
}

async function accountKey(deps: DomainsDeps, directoryUrl: string): Promise<string> {
  const repository = certificatesRepository(deps.db);
  const known = await repository.findAccountKey(directoryUrl);
  if (known) return known;
  const created = (await acme.crypto.createPrivateEcdsaKey()).toString();
  await repository.insertAccountKey(directoryUrl, created, nowIso(deps));
  return (await repository.findAccountKey(directoryUrl))!;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

/** Orders a certificate for one domain, answering http-01 on our HTTP port. */
export async function orderCertificate(
  deps: DomainsDeps,
  domain: string,
  answers: ChallengeAnswers,
): Promise<IssuedCertificate> {
  const seen: AcmeProblem[] = [];
  try {
    return await problemsSeen.run(seen, () => order(deps, domain, answers));
  } catch (error) {
    const problem = seen.at(-1);
    const isRateLimited = problem !== undefined && (problem.type === RATE_LIMITED || problem.status === 429);
    const wait = isRateLimited
      ? (retryAfterToSeconds(problem.retryAfter, deps.clock.now()) ?? DEFAULT_RATE_LIMIT_WAIT_S)
      : undefined;
    throw new AcmeOrderError(error, problem, wait);
  }
}

async function order(
  deps: DomainsDeps,
  domain: string,
  answers: ChallengeAnswers,
): Promise<IssuedCertificate> {
  const directoryUrl = deps.config.acmeDirectoryUrl!;
  configureHttp(deps.config.acmeCaFile);
  const client = new acme.Client({
    directoryUrl,
    accountKey: await accountKey(deps, directoryUrl),
    backoffMin: 200,
    backoffMax: 5000,
  });
  const [key, csr] = await acme.crypto.createCsr(
    { commonName: domain, altNames: [domain] },
    await acme.crypto.createPrivateEcdsaKey(),
  );
  const certPem = await client.auto({
    csr,
    ...(deps.config.acmeEmail && { email: deps.config.acmeEmail }),
    termsOfServiceAgreed: true,
    challengePriority: ['http-01'],
    // acme-client would first fetch the challenge itself on port 80 of the domain; the CA checks anyway.
    skipChallengeVerification: true,
    challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
      answers.set(challenge.token, keyAuthorization);
    },
    challengeRemoveFn: async (_authz, challenge) => {
      answers.delete(challenge.token);
    },
  });
  return { certPem, keyPem: key.toString() };
}

/** What the CA's renewalInfo said (RFC 9773 §4.2): its window, and when to ask again. */
export interface RenewalInfo {
  window: RenewalWindow;
  /** The CA's Retry-After for polling, in seconds, when it gave one. */
  retryAfterSeconds: number | undefined;
}

/** The CA's suggested renewal window (RFC 9773), when its directory offers renewalInfo. */
export async function fetchRenewalInfo(deps: DomainsDeps, certPem: string): Promise<RenewalInfo | undefined> {
  try {
    configureHttp(deps.config.acmeCaFile);
    const directory = (await acme.axios.get<{ renewalInfo?: string }>(deps.config.acmeDirectoryUrl!)).data;
    if (!directory.renewalInfo) return undefined;
    // The leaf: the first certificate of the chain the CA sent.
    const leaf = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/.exec(certPem)?.[0] ?? certPem;
    const cert = new x509.X509Certificate(leaf);
    const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
    if (!aki) return undefined;
    let serial = Buffer.from(cert.serialNumber, 'hex');
    if (serial[0]! >= 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
    const id = ariCertId(Buffer.from(aki, 'hex'), serial);
    const response = await acme.axios.get<{ suggestedWindow?: { start: string; end: string } }>(
      `${directory.renewalInfo.replace(/\/$/, '')}/${id}`,
    );
    if (response.status !== 200 || !response.data.suggestedWindow) return undefined;
    const { start, end } = response.data.suggestedWindow;
    const retryAfter = response.headers['retry-after'] as string | undefined;
    return {
      window: { start: new Date(start), end: new Date(end) },
      retryAfterSeconds: retryAfterToSeconds(retryAfter, deps.clock.now()),
    };
  } catch (error) {
    deps.logger.info({ err: error }, 'no ARI renewal window; renewing at two thirds of the lifetime');
    return undefined;
  }
}

/** How long a rate-limited CA asks us to wait, when it rate-limited us. */
export function retryAfterSeconds(error: unknown): number | undefined {
  return error instanceof AcmeOrderError ? error.rateLimitWaitSeconds : undefined;
}
