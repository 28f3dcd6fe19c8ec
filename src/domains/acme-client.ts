import { readFileSync } from 'node:fs';
import https from 'node:https';
import acme from 'acme-client';
import * as x509 from '@peculiar/x509';
import { certificatesRepository } from './certificates.repository.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';
import { ariCertId, type RenewalWindow } from './renewal-time.js';

/** http-01 answers waiting for the CA, by token; served at /.well-known/acme-challenge/<token>. */
export type ChallengeAnswers = Map<string, string>;

let trustedCaFile: string | undefined;

/**
 * acme-client talks through one shared axios instance: the CA to trust (IMHOST_ACME_CA_FILE) is set
 * on it, and its own retries are cut to one, since our scheduler retries with backoff.
 */
function configureHttp(caFile: string | undefined): void {
  (acme.axios.defaults as { acmeSettings?: { retryMaxAttempts: number } }).acmeSettings!.retryMaxAttempts = 1;
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

/** The CA's suggested renewal window (RFC 9773), when its directory offers renewalInfo. */
export async function fetchRenewalWindow(
  deps: DomainsDeps,
  certPem: string,
): Promise<RenewalWindow | undefined> {
  try {
    configureHttp(deps.config.acmeCaFile);
    const directory = (await acme.axios.get<{ renewalInfo?: string }>(deps.config.acmeDirectoryUrl!)).data;
    if (!directory.renewalInfo) return undefined;
    const cert = new x509.X509Certificate(certPem);
    const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
    if (!aki) return undefined;
    let serial = Buffer.from(cert.serialNumber, 'hex');
    if (serial[0]! >= 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
    const id = ariCertId(Buffer.from(aki, 'hex'), serial);
    const info = (
      await acme.axios.get<{ suggestedWindow?: { start: string; end: string } }>(
        `${directory.renewalInfo.replace(/\/$/, '')}/${id}`,
      )
    ).data;
    if (!info.suggestedWindow) return undefined;
    return { start: new Date(info.suggestedWindow.start), end: new Date(info.suggestedWindow.end) };
  } catch (error) {
    deps.logger.info({ err: error }, 'no ARI renewal window; renewing at two thirds of the lifetime');
    return undefined;
  }
}

/** How long a rate-limited CA asks us to wait, when it says. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const text = String((error as Error).message ?? '');
  if (!/rateLimited|too many/i.test(text)) return undefined;
  return 6 * 3600;
}
