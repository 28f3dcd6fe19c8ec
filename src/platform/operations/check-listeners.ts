import { probeTcp, ProbeConnectError } from '../probe/index.js';
import { finding, type DoctorFinding } from './doctor-findings.js';

/** The address to reach a listener bound to `bind` from this machine. */
export function localAddressOf(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '::1';
  return bind;
}

/** Whether something accepts connections on each of imhost's own ports (is imhost running?). */
export async function checkListeners(
  bind: string,
  ports: { name: string; port: number }[],
  timeoutMs: number,
): Promise<DoctorFinding[]> {
  const host = localAddressOf(bind);
  return Promise.all(
    ports.map(async ({ name, port }) => {
      const subject = `${name} ${host}:${port}`;
      try {
        await probeTcp(host, port, timeoutMs);
        return finding('ports', subject, 'ok', 'accepts connections');
      } catch (error) {
        const why =
          error instanceof ProbeConnectError && error.failure === 'refused'
            ? 'nothing listens'
            : (error as Error).message;
        return finding(
          'ports',
          subject,
          'fail',
          `${why}: start imhost (imhost start), or check IMHOST_BIND and the port settings`,
        );
      }
    }),
  );
}
