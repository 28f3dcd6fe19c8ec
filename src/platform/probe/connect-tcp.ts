import net from 'node:net';

/** Why a connection attempt failed, in the terms a client app shows. */
export type ConnectFailure = 'refused' | 'timed_out' | 'unreachable' | 'other';

export class ProbeConnectError extends Error {
  override name = 'ProbeConnectError';
  constructor(
    readonly failure: ConnectFailure,
    message: string,
  ) {
    super(message);
  }
}

export function connectFailureOf(error: unknown): ConnectFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timed_out';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  return 'other';
}

/** Opens a TCP connection, or fails within the deadline. The caller owns (and closes) the socket. */
export function connectTcp(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new ProbeConnectError('timed_out', `no answer from ${host}:${port} within ${timeoutMs / 1000} s`),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new ProbeConnectError(connectFailureOf(error), `${host}:${port}: ${(error as Error).message}`));
    });
  });
}

/** Connects and closes again: whether the port answers, and how long the connection took. */
export async function probeTcp(host: string, port: number, timeoutMs: number): Promise<void> {
  const socket = await connectTcp(host, port, timeoutMs);
  socket.destroy();
}
