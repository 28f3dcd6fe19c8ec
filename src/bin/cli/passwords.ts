import { randomBytes } from 'node:crypto';

/** 20 characters from a 58-letter alphabet (no look-alikes): about 117 bits. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join('');
}

export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** `--password P`, `--password -` (stdin), or none (generated, and shown to the operator). */
export async function resolvePassword(
  option: string | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (option === undefined) return { password: generatePassword(), generated: true };
  if (option === '-') return { password: await readStdinLine(), generated: false };
  return { password: option, generated: false };
}
