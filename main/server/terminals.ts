// Which terminals may talk to this server. A supervisor asks for a one-time enrolment code (shown
// in the back office); the terminal trades it for its own credential, which the server keeps only
// as a hash. Every terminal call is authenticated by that credential; a revoked terminal is
// refused from its next request on, and its live connection is cut at once (see live-hub.ts).

import { createHash, randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { EnrolAnswer, EnrolRequest } from '../sync/protocol';
import type { Database } from './db/database';
import { refuse } from './http';

/** Crockford's base32 without the letters people misread (no I, L, O, U). */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;
export const DEFAULT_CODE_TTL_MS = 60 * 60_000;
const SEEN_RESOLUTION_MS = 5_000;

export interface TerminalInfo {
  id: string;
  shop: string;
  label: string;
  terminalCode: string;
  merchantId: string;
  sandbox: boolean;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

const TerminalRowSchema = z
  .object({
    id: z.string(),
    shop: z.string(),
    label: z.string(),
    terminal_code: z.string(),
    merchant_id: z.string(),
    sandbox: z.boolean(),
    enrolled_at: z.bigint(),
    revoked_at: z.bigint().nullable(),
    last_seen_at: z.bigint().nullable(),
  })
  .transform(
    (r): TerminalInfo => ({
      id: r.id,
      shop: r.shop,
      label: r.label,
      terminalCode: r.terminal_code,
      merchantId: r.merchant_id,
      sandbox: r.sandbox,
      enrolledAt: Number(r.enrolled_at),
      revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
    }),
  );

const TERMINAL_COLUMNS =
  'id, shop, label, terminal_code, merchant_id, sandbox, enrolled_at, revoked_at, last_seen_at';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a person may type for a code: any case, with dashes or spaces, O for 0 and I or L for 1. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export class TerminalRegistry {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** A fresh one-time code for one terminal of `shop`, valid for `ttlMs`. */
  async createCode(input: {
    shop: string;
    label: string;
    ttlMs?: number;
  }): Promise<{ code: string; expiresAt: number }> {
    const code = newEnrolmentCode();
    const at = this.now();
    const expiresAt = at + (input.ttlMs ?? DEFAULT_CODE_TTL_MS);
    await this.db.query(
      'INSERT INTO enrolment_codes (code_hash, shop, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [sha256(normaliseCode(code)), input.shop, input.label, at, expiresAt],
    );
    return { code, expiresAt };
  }

  /** Trades an unused, unexpired code for a terminal and its credential; the code is spent. */
  async enrol(request: EnrolRequest): Promise<EnrolAnswer> {
    const at = this.now();
    const id = `trm_${randomBytes(9).toString('base64url')}`;
    const token = `kst_${randomBytes(32).toString('base64url')}`;
    const enrolled = await this.db.transaction(async (tx) => {
      const spent = await tx.query<{ shop: string; label: string }>(
        `UPDATE enrolment_codes SET used_at = $2, terminal_id = $3
          WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
          RETURNING shop, label`,
        [sha256(normaliseCode(request.code)), at, id],
      );
      const code = spent[0];
      if (!code) return undefined;
      await tx.query(
        `INSERT INTO terminals (id, shop, label, terminal_code, merchant_id, sandbox, token_hash, enrolled_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [
          id,
          code.shop,
          code.label,
          request.terminal.terminalId,
          request.terminal.merchantId,
          request.terminal.sandbox,
          sha256(token),
          at,
        ],
      );
      return code;
    });
    if (!enrolled) {
      throw refuse(
        403,
        'ENROLMENT_CODE_INVALID',
        'Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa. Minta kode baru di back office server.',
        'The enrolment code is wrong, already used or expired. Ask for a new code in the server back office.',
      );
    }
    return { terminalKey: id, token, shop: enrolled.shop, label: enrolled.label };
  }

  /** The enrolled, unrevoked terminal holding `token`; undefined for anyone else. */
  async authenticate(token: string): Promise<TerminalInfo | undefined> {
    const rows = await this.db.query(
      `SELECT ${TERMINAL_COLUMNS} FROM terminals WHERE token_hash = $1 AND revoked_at IS NULL`,
      [sha256(token)],
    );
    if (rows[0] === undefined) return undefined;
    const terminal = TerminalRowSchema.parse(rows[0]);
    const at = this.now();
    // "Last seen" to the nearest few seconds: not one write per request.
    if (terminal.lastSeenAt === null || at - terminal.lastSeenAt > SEEN_RESOLUTION_MS) {
      await this.db.query('UPDATE terminals SET last_seen_at = $2 WHERE id = $1', [terminal.id, at]);
      terminal.lastSeenAt = at;
    }
    return terminal;
  }

  /** True when the terminal existed and was not revoked before. */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE terminals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [id, this.now()],
    );
    return rows.length === 1;
  }

  async list(): Promise<TerminalInfo[]> {
    const rows = await this.db.query(`SELECT ${TERMINAL_COLUMNS} FROM terminals ORDER BY shop, label, id`);
    return rows.map((row) => TerminalRowSchema.parse(row));
  }
}
