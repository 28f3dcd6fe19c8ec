/**
 * Debian's pebble, a real ACME server, started per test file on loopback ports: its HTTPS listener
 * certificate is made here (the package ships none), it resolves names through the test's DNS
 * server, and it validates http-01 on the port imhost's HTTP server listens on.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface Pebble {
  directoryUrl: string;
  /** PEM of pebble's own HTTPS listener: IMHOST_ACME_CA_FILE. */
  listenerCaFile: string;
  /** Starts pebble; it validates http-01 challenges on httpPort and resolves through dnsPort. */
  start(options: { httpPort: number; dnsPort: number }): Promise<void>;
  /** The root that signs this run's certificates (pebble makes a new one each start). */
  issuingRoot(): Promise<string>;
  stop(): Promise<void>;
}

/** How long pebble may take to start or answer before the test fails with what it printed. */
const PEBBLE_DEADLINE_MS = 30_000;

export async function preparePebble(): Promise<Pebble> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imhost-pebble-'));
  const [listenPort, managementPort] = [await freePort(), await freePort()];
  const listenerCaFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=pebble-localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      listenerCaFile,
    ],
    { stdio: 'ignore' },
  );
  let child: ChildProcess | undefined;
  const get = (url: string) =>
    new Promise<string>((resolve, reject) => {
      https
        .get(url, { ca: readFileSync(listenerCaFile), timeout: PEBBLE_DEADLINE_MS }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve(body));
        })
        .on('timeout', function (this: ClientRequest) {
          this.destroy(new Error(`pebble did not answer ${url} within ${PEBBLE_DEADLINE_MS} ms`));
        })
        .on('error', reject);
    });
  return {
    directoryUrl: `https://127.0.0.1:${listenPort}/dir`,
    listenerCaFile,
    async start({ httpPort, dnsPort }) {
      const config = path.join(dir, 'pebble-config.json');
      writeFileSync(
        config,
        JSON.stringify({
          pebble: {
            listenAddress: `127.0.0.1:${listenPort}`,
            managementListenAddress: `127.0.0.1:${managementPort}`,
            certificate: path.join(dir, 'cert.pem'),
            privateKey: path.join(dir, 'key.pem'),
            httpPort,
            tlsPort: await freePort(),
            ocspResponderURL: '',
            externalAccountBindingRequired: false,
          },
        }),
      );
      child = spawn('pebble', ['-config', config, '-dnsserver', `127.0.0.1:${dnsPort}`], {
        env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Ready once it says so: it announces the directory after opening every listener.
      // A start that never completes fails the test with pebble's output instead of holding it.
      await new Promise<void>((resolve, reject) => {
        let output = '';
        const deadline = setTimeout(() => {
          child!.kill();
          reject(new Error(`pebble did not start within ${PEBBLE_DEADLINE_MS} ms: ${output}`));
        }, PEBBLE_DEADLINE_MS);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('ACME directory available at')) {
            clearTimeout(deadline);
            resolve();
          }
        };
        child!.stdout!.on('data', onData);
        child!.stderr!.on('data', onData);
        child!.once('exit', (code) => {
          clearTimeout(deadline);
          reject(new Error(`pebble exited (${code}): ${output}`));
        });
      });
    },
    issuingRoot: () => get(`https://127.0.0.1:${managementPort}/roots/0`),
    async stop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
