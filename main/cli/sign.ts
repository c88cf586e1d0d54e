// The signature debugger: `kasir sign token|transaction|service` and `kasir verify service`.
// Each prints the exact string it signed next to the result, because a signature mismatch is
// almost always a string-to-sign mismatch (path prefix, timestamp form, body whitespace).
// A client secret or token in argv can be read by anyone on the computer (ps, shell history): they
// can come from a file (--secret-file, --token-file) or standard input ("-") instead, and so can the
// key and body files.

import type { KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { FileReadError, readRegularFile } from '../files/read-regular-file';
import { parseSnapTimestamp } from '../snap/headers';
import { BodyNotJsonError, minifyJsonBody } from '../snap/minify';
import {
  KeyFormatError,
  loadPrivateKey,
  loadPublicKey,
  signService,
  signToken,
  signTransaction,
  verifyService,
} from '../snap/signature';
import type { CliIo, Command } from './framework';
import { parseFlags, printJson, requireFlag, UsageError } from './framework';
import { MAX_STDIN_BYTES } from './stdin';

type Values = Record<string, string | boolean | undefined>;

/** Where one command's inputs come from: files, or standard input for at most one of them. */
class Inputs {
  private stdinTakenBy: string | undefined;

  constructor(
    private readonly io: CliIo,
    /** The command's name, for warnings: 'sign transaction'. */
    private readonly command: string,
  ) {}

  /** A file's text; "-" reads standard input. */
  async text(file: string, what: string): Promise<string> {
    if (file === '-') return this.stdin(what);
    try {
      return readRegularFile(resolve(this.io.cwd, file), MAX_STDIN_BYTES).text;
    } catch (error) {
      if (!(error instanceof FileReadError)) throw error;
      const named = `${what} file ${JSON.stringify(file)}`;
      if (error.problem === 'not_regular') {
        throw new UsageError(`${named} is not a regular file; to pipe it in, give - and send it on stdin`);
      }
      if (error.problem === 'too_large') throw new UsageError(`${named} is too large`);
      throw new UsageError(`cannot read ${named} (${error.errno ?? error.problem})`);
    }
  }

  /**
   * A secret given as --NAME VALUE, --NAME - (stdin) or --NAME-file FILE. From stdin or a file, one
   * line break at the end is dropped (what `echo` and editors add).
   */
  async secret(values: Values, name: string): Promise<string> {
    const direct = values[name];
    const file = values[`${name}-file`];
    if (direct !== undefined && file !== undefined) {
      throw new UsageError(`give --${name} or --${name}-file, not both`);
    }
    let value: string;
    if (typeof file === 'string') value = (await this.text(file, name)).replace(/\r?\n$/, '');
    else if (direct === '-') value = (await this.stdin(`--${name}`)).replace(/\r?\n$/, '');
    else if (typeof direct === 'string' && direct !== '') {
      this.io.stderr(
        `kasir ${this.command}: warning: --${name} on the command line can be read by other users of this computer; prefer --${name}-file FILE or --${name} - (stdin)`,
      );
      value = direct;
    } else {
      throw new UsageError(
        `Missing required flag --${name} (or --${name}-file FILE, or --${name} - for stdin)`,
      );
    }
    if (value === '') throw new UsageError(`--${name} is empty`);
    return value;
  }

  private async stdin(what: string): Promise<string> {
    if (this.stdinTakenBy !== undefined) {
      throw new UsageError(`only one input can come from stdin, and ${this.stdinTakenBy} already does`);
    }
    this.stdinTakenBy = what;
    if (!this.io.readStdin) throw new UsageError('standard input is not available here');
    try {
      return await this.io.readStdin();
    } catch (error) {
      throw new UsageError(`cannot read ${what} from stdin (${(error as Error).message})`);
    }
  }
}

async function readKey(inputs: Inputs, file: string, kind: 'private' | 'public'): Promise<KeyObject> {
  const text = await inputs.text(file, `${kind} key`);
  try {
    return kind === 'private' ? loadPrivateKey(text) : loadPublicKey(text);
  } catch (error) {
    if (error instanceof KeyFormatError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

/** The body as sent; empty without --body-file. It must be JSON, because SNAP hashes minified JSON. */
async function readBody(inputs: Inputs, values: Values): Promise<string> {
  const file = values['body-file'];
  if (typeof file !== 'string') return '';
  const raw = await inputs.text(file, 'body');
  try {
    minifyJsonBody(raw);
  } catch (error) {
    if (error instanceof BodyNotJsonError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  return raw;
}

const bodyFlag = { 'body-file': { type: 'string' } } as const;

/**
 * Inputs that sign fine but almost never match what the provider signs. A warning, not a refusal:
 * the debugger's job is to show what a given string signs to, even a wrong one.
 */
function warnAboutInputs(
  io: CliIo,
  command: string,
  inputs: { timestamp: string; path?: string; token?: string },
): void {
  const warn = (line: string) => io.stderr(`kasir ${command}: warning: ${line}`);
  if (inputs.token !== undefined && /^bearer\s/i.test(inputs.token)) {
    warn('--token starts with "Bearer "; the string to sign takes the access token without it');
  }
  if (inputs.path !== undefined && !inputs.path.startsWith('/')) {
    warn('--path does not start with "/"; it is the relative path as sent, e.g. /v1.0/qr/qr-cpm-payment');
  }
  if (parseSnapTimestamp(inputs.timestamp) === undefined) {
    warn(
      '--timestamp is not a SNAP timestamp (yyyy-MM-ddTHH:mm:ss with an offset, e.g. 2024-05-02T14:00:00+07:00)',
    );
  }
}

const signTokenUsage = [
  'Usage: kasir sign token --client-key K --timestamp TS --private-key FILE',
  '',
  'B2B access-token signature (service 73): SHA256withRSA over "<client key>|<X-TIMESTAMP>".',
  'Prints {"stringToSign":…,"signature":…}. The key may be PKCS#8 or PKCS#1 PEM.',
].join('\n');

const signTransactionUsage = [
  'Usage: kasir sign transaction --method M --path P --token T|--token-file F --secret S|--secret-file F',
  '                              --timestamp TS [--body-file F]',
  '',
  'Symmetric transaction signature: HMAC-SHA512(secret, METHOD:path:token:sha256hex(minified body):TS).',
  'P is the relative path exactly as sent, with the provider prefix and any query string; T is the',
  'access token without "Bearer ". Without --body-file the body is empty.',
  'Keep the secret and the token out of argv (which other users can see): --secret-file F reads it',
  'from a file, and "-" as any one value (--secret -, --token -, --body-file -) reads standard input.',
].join('\n');

const signServiceUsage = [
  'Usage: kasir sign service --method M --path P --timestamp TS --private-key FILE [--body-file F]',
  '',
  'Asymmetric service signature (e.g. notify 79): SHA256withRSA over METHOD:path:sha256hex(minified body):TS.',
].join('\n');

const verifyServiceUsage = [
  'Usage: kasir verify service --method M --path P --timestamp TS --public-key FILE --signature SIG [--body-file F]',
  '',
  'Checks an asymmetric service signature. Prints {"stringToSign":…,"valid":true|false};',
  'exit 0 when valid, 1 when not.',
].join('\n');

export const signCommands: Command[] = [
  {
    path: ['sign', 'token'],
    summary: 'B2B token signature: show the string to sign and the signature',
    usage: signTokenUsage,
    run: async (argv, io) => {
      const inputs = new Inputs(io, 'sign token');
      const { values } = parseFlags(argv, {
        'client-key': { type: 'string' },
        timestamp: { type: 'string' },
        'private-key': { type: 'string' },
      });
      const clientKey = requireFlag(values, 'client-key');
      const timestamp = requireFlag(values, 'timestamp');
      const privateKey = await readKey(inputs, requireFlag(values, 'private-key'), 'private');
      warnAboutInputs(io, 'sign token', { timestamp });
      printJson(io, signToken({ clientKey, timestamp, privateKey }));
      return 0;
    },
  },
  {
    path: ['sign', 'transaction'],
    summary: 'symmetric transaction signature (HMAC-SHA512) with its string to sign',
    usage: signTransactionUsage,
    run: async (argv, io) => {
      const inputs = new Inputs(io, 'sign transaction');
      const { values } = parseFlags(argv, {
        method: { type: 'string' },
        path: { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        secret: { type: 'string' },
        'secret-file': { type: 'string' },
        timestamp: { type: 'string' },
        ...bodyFlag,
      });
      const method = requireFlag(values, 'method');
      const path = requireFlag(values, 'path');
      const timestamp = requireFlag(values, 'timestamp');
      const accessToken = await inputs.secret(values, 'token');
      const clientSecret = await inputs.secret(values, 'secret');
      const rawBody = await readBody(inputs, values);
      warnAboutInputs(io, 'sign transaction', { timestamp, path, token: accessToken });
      printJson(io, signTransaction({ method, path, accessToken, clientSecret, timestamp, rawBody }));
      return 0;
    },
  },
  {
    path: ['sign', 'service'],
    summary: 'asymmetric service signature (SHA256withRSA) with its string to sign',
    usage: signServiceUsage,
    run: async (argv, io) => {
      const inputs = new Inputs(io, 'sign service');
      const { values } = parseFlags(argv, {
        method: { type: 'string' },
        path: { type: 'string' },
        timestamp: { type: 'string' },
        'private-key': { type: 'string' },
        ...bodyFlag,
      });
      const method = requireFlag(values, 'method');
      const path = requireFlag(values, 'path');
      const timestamp = requireFlag(values, 'timestamp');
      const privateKey = await readKey(inputs, requireFlag(values, 'private-key'), 'private');
      const rawBody = await readBody(inputs, values);
      warnAboutInputs(io, 'sign service', { timestamp, path });
      printJson(io, signService({ method, path, timestamp, rawBody, privateKey }));
      return 0;
    },
  },
  {
    path: ['verify', 'service'],
    summary: 'check an asymmetric service signature (exit 0 valid, 1 invalid)',
    usage: verifyServiceUsage,
    run: async (argv, io) => {
      const inputs = new Inputs(io, 'verify service');
      const { values } = parseFlags(argv, {
        method: { type: 'string' },
        path: { type: 'string' },
        timestamp: { type: 'string' },
        'public-key': { type: 'string' },
        signature: { type: 'string' },
        ...bodyFlag,
      });
      const method = requireFlag(values, 'method');
      const path = requireFlag(values, 'path');
      const timestamp = requireFlag(values, 'timestamp');
      const signature = requireFlag(values, 'signature');
      const publicKey = await readKey(inputs, requireFlag(values, 'public-key'), 'public');
      const rawBody = await readBody(inputs, values);
      warnAboutInputs(io, 'verify service', { timestamp, path });
      const result = verifyService({ method, path, timestamp, rawBody, publicKey, signature });
      printJson(io, { stringToSign: result.stringToSign, valid: result.valid });
      return result.valid ? 0 : 1;
    },
  },
];
