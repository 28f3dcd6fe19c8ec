/**
 * `imhost doctor [--json]`: the operator's check of a node, in the style of `prosodyctl check`:
 * configuration, database, ports, each active host's certificates and DNS (seen from outside, as
 * members' apps see them), disk space, clock and the release feed. Every finding says what to do;
 * the exit code names the first check that failed (docs/operations.md, "Troubleshooting").
 */
import { accessSync, constants } from 'node:fs';
import type { DiagnosticStep } from '../../diagnostics/index.js';
import { ConfigError } from '../../platform/config.js';
import {
  checkClock,
  checkListeners,
  checkUpgrade,
  DOCTOR_CHECKS,
  doctorExitCode,
  finding,
  type DoctorCheckName,
  type DoctorFinding,
} from '../../platform/operations/index.js';
import { composeServices, type Services } from '../compose.js';
import { loadConfig, type Config } from '../config.js';
import { nodeRange, version } from '../version.js';
import type { Output } from './output.js';

/** Hosts are checked a few at a time: each waits on the network, none should wait for all. */
const HOSTS_AT_ONCE = 4;
const PAGE = 100;

function checkConfiguration(config: Config): DoctorFinding[] {
  const findings = [finding('configuration', 'IMHOST_* settings', 'ok', 'every setting is valid')];
  if (!config.publicUrl.startsWith('https://'))
    findings.push(
      finding(
        'configuration',
        'IMHOST_PUBLIC_URL',
        'warn',
        `${config.publicUrl} is not https: sign-in cookies and links travel unencrypted; put imhost behind a TLS proxy and set the https URL`,
      ),
    );
  for (const [env, file] of [
    ['IMHOST_DIAGNOSTICS_CA_FILE', config.diagnosticsCaFile],
    ['IMHOST_ACME_CA_FILE', config.acmeCaFile],
  ] as const) {
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch {
      findings.push(
        finding('configuration', env, 'fail', `${file} cannot be read: fix the path or its permissions`),
      );
    }
  }
  return findings;
}

const STEP_CHECK: Partial<Record<DiagnosticStep['name'], DoctorCheckName>> = {
  dns: 'dns',
  tcp: 'ports',
  tls: 'certificates',
  stream: 'ports',
};
const STEP_STATUS = { passed: 'ok', warning: 'warn', failed: 'fail' } as const;

async function checkHosts(services: Services): Promise<DoctorFinding[]> {
  const { tenancy, diagnostics } = services.ctx;
  const domains: string[] = [];
  for (let before: string | undefined; ;) {
    const page = await tenancy.hosts.listAll({ limit: PAGE, before });
    domains.push(...page.items.filter((host) => host.status === 'active').map((host) => host.domain));
    if (!page.nextCursor) break;
    before = page.nextCursor;
  }
  const results: DoctorFinding[][] = [];
  for (let start = 0; start < domains.length; start += HOSTS_AT_ONCE) {
    const batch = domains.slice(start, start + HOSTS_AT_ONCE);
    results.push(
      ...(await Promise.all(
        batch.map(async (domain) =>
          (await diagnostics.probe(domain)).flatMap((step) => {
            const check = STEP_CHECK[step.name];
            if (!check || step.status === 'skipped') return [];
            const detail = step.fix ? `${step.result} ${step.fix}` : step.result;
            return [finding(check, domain, STEP_STATUS[step.status], detail)];
          }),
        ),
      )),
    );
  }
  if (domains.length === 0) return [finding('dns', 'hosts', 'ok', 'no active host to check yet')];
  return results.flat();
}

async function checkReleaseFeed(services: Services, config: Config): Promise<DoctorFinding> {
  if (!config.releaseFeedUrl)
    return finding('release_feed', 'IMHOST_RELEASE_FEED_URL', 'ok', 'off: set it to hear about updates');
  const feed = services.ctx.platform.releaseFeed;
  await feed.check();
  const status = await feed.status(version);
  if (status.error)
    return finding(
      'release_feed',
      config.releaseFeedUrl,
      'fail',
      `${status.error}: check the URL and this node's outbound HTTPS`,
    );
  if (status.isUpdateAvailable && status.latest)
    return finding(
      'release_feed',
      config.releaseFeedUrl,
      'warn',
      `imhost ${status.latest.version} is available (running ${version}): ${status.latest.url}`,
    );
  return finding('release_feed', config.releaseFeedUrl, 'ok', `up to date (imhost ${version})`);
}

async function runChecks(): Promise<DoctorFinding[]> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [finding('configuration', error.key, 'fail', error.message)];
  }
  const findings = checkConfiguration(config);

  const upgrade = await checkUpgrade({ config, nodeRange });
  const database = upgrade.checks.find((check) => check.name === 'database')!;
  findings.push(finding('database', 'database', database.isOk ? 'ok' : 'fail', database.detail));
  if (upgrade.pending.length)
    findings.push(
      finding(
        'database',
        'migrations',
        'fail',
        `${upgrade.pending.length} pending (${upgrade.pending.join(', ')}): run imhost migrate`,
      ),
    );
  for (const check of upgrade.checks.filter((c) => c.name === 'disk_space' || c.name === 'data_dir'))
    findings.push(
      finding(
        'disk_space',
        check.name === 'data_dir' ? 'data directory' : 'free space',
        check.isOk ? 'ok' : 'fail',
        check.detail,
      ),
    );

  findings.push(
    ...(await checkListeners(
      config.bind,
      [
        { name: 'HTTP', port: config.httpPort },
        { name: 'XMPP STARTTLS', port: config.c2sPort },
        { name: 'XMPP direct TLS', port: config.c2sTlsPort },
      ],
      config.diagnosticsTimeoutMs,
    )),
  );

  if (!database.isOk || upgrade.pending.length) {
    const reason = 'not checked: the database must answer and be up to date first';
    for (const check of ['certificates', 'dns', 'clock', 'release_feed'] as const)
      findings.push(finding(check, check, 'warn', reason));
    return findings;
  }
  const services = await composeServices({ config, migrate: false });
  try {
    findings.push(...(await checkHosts(services)));
    findings.push(
      ...(await checkClock({
        db: services.ctx.database.db,
        isPostgres: services.ctx.database.dialect === 'postgres',
        isSimulated: config.clock === 'simulated',
        // The machine's own clock is what is being checked, so it is read here and not injected.
        machineNow: () => new Date(),
      })),
    );
    findings.push(await checkReleaseFeed(services, config));
  } finally {
    await services.close();
  }
  return findings;
}

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;
const HEADINGS: Record<DoctorCheckName, string> = {
  configuration: 'Configuration',
  database: 'Database',
  ports: 'Ports',
  certificates: 'Certificates',
  dns: 'DNS',
  disk_space: 'Disk space',
  clock: 'Clock',
  release_feed: 'Release feed',
};

export async function doctor(out: Output): Promise<number> {
  const findings = await runChecks();
  const exitCode = doctorExitCode(findings);
  if (out.json) {
    process.stdout.write(`${JSON.stringify({ ok: exitCode === 0, exitCode, findings })}\n`);
    return exitCode;
  }
  const lines: string[] = [];
  for (const check of DOCTOR_CHECKS) {
    const mine = findings.filter((f) => f.check === check);
    if (mine.length === 0) continue;
    lines.push(HEADINGS[check]);
    for (const f of mine) lines.push(`  ${MARK[f.status]} ${f.subject}: ${f.detail}`);
  }
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  lines.push(
    '',
    failed
      ? `${failed} problem${failed === 1 ? '' : 's'} to fix${warned ? ` and ${warned} warning${warned === 1 ? '' : 's'}` : ''}: see FAIL above.`
      : warned
        ? `No problem, ${warned} warning${warned === 1 ? '' : 's'}.`
        : 'All checks passed.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return exitCode;
}
