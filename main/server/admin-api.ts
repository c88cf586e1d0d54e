// The back office's API: the merchant's ledger, terminals and the provider's hints, for whoever
// holds the server's admin key (a supervisor at the back-office page). Read-only except for
// enrolment codes and revocation.

import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import {
  BACKOFFICE_API,
  EnrolmentCodeRequestSchema,
  type HintView,
  type TerminalView,
} from '../../preload/contract/backoffice';
import { businessDate } from '../payments/references';
import type { Database } from './db/database';
import { checkDay } from './history';
import type { Handler } from './http';
import { bearerToken, readJson, refuse, sameSecret, sendJson, sendText } from './http';
import type { MerchantLedger } from './ledger';
import type { LiveHub } from './live-hub';
import type { TerminalRegistry } from './terminals';

export interface AdminApiOptions {
  db: Database;
  adminKey: string;
  terminals: TerminalRegistry;
  ledger: MerchantLedger;
  hub: LiveHub;
  now: () => number;
  utcOffset: string;
  utcOffsetMinutes: number;
  serverName: string;
  log: (line: string) => void;
}

const HintRowSchema = z.object({
  id: z.bigint(),
  source: z.string(),
  status: z.string().nullable(),
  refs: z.array(z.string()),
  merchant_id: z.string().nullable(),
  received_at: z.bigint(),
  repeats: z.number(),
  delivered_to: z.array(z.string()),
  acknowledged: z.boolean(),
});

export function adminRoutes(options: AdminApiOptions): { exact: Map<string, Handler>; revoke: Handler } {
  const { terminals, ledger, hub, db, now } = options;

  function admin(req: IncomingMessage): void {
    const token = bearerToken(req);
    if (token === undefined || !sameSecret(token, options.adminKey)) {
      throw refuse(
        401,
        'ADMIN_KEY_INVALID',
        'Kunci admin salah. Lihat file kunci admin di folder data server.',
        "The admin key is wrong. See the admin key file in the server's data folder.",
      );
    }
  }

  const today = () => businessDate(now(), options.utcOffsetMinutes);
  const dayOf = (url: URL) => checkDay(url.searchParams.get('date') ?? today());
  const exact = new Map<string, Handler>();
  exact.set(BACKOFFICE_API.session, async (req, res) => {
    admin(req);
    sendJson(res, 200, { server: options.serverName, utcOffset: options.utcOffset, today: today() });
  });
  exact.set(BACKOFFICE_API.report, async (req, res, url) => {
    admin(req);
    sendJson(res, 200, await ledger.dayReport(dayOf(url)));
  });
  exact.set(BACKOFFICE_API.reportCsv, async (req, res, url) => {
    admin(req);
    const date = dayOf(url);
    res.setHeader('Content-Disposition', `attachment; filename="kasir-merchant-${date}.csv"`);
    sendText(res, 200, 'text/csv; charset=utf-8', await ledger.dayCsv(date));
  });
  /** The history's filters and page, as both histories take them. */
  const pageQuery = (url: URL) => {
    const get = (name: string) => url.searchParams.get(name) ?? undefined;
    const limit = get('limit');
    return {
      get,
      query: {
        date: get('date'),
        terminalId: get('terminal'),
        shop: get('shop'),
        state: get('state'),
        before: get('before'),
        limit: limit === undefined ? undefined : Number(limit),
      },
    };
  };
  exact.set(BACKOFFICE_API.payments, async (req, res, url) => {
    admin(req);
    sendJson(res, 200, await ledger.payments(pageQuery(url).query));
  });
  exact.set(BACKOFFICE_API.purchases, async (req, res, url) => {
    admin(req);
    const { get, query } = pageQuery(url);
    sendJson(
      res,
      200,
      await ledger.purchases({ ...query, category: get('category'), paidBy: get('paidBy') }),
    );
  });
  exact.set(BACKOFFICE_API.purchase, async (req, res, url) => {
    admin(req);
    sendJson(
      res,
      200,
      await ledger.purchase(url.searchParams.get('terminal') ?? '', url.searchParams.get('ref') ?? ''),
    );
  });
  exact.set(BACKOFFICE_API.terminals, async (req, res) => {
    admin(req);
    const list: TerminalView[] = (await terminals.list()).map((t) => ({
      ...t,
      connected: hub.isConnected(t.id),
    }));
    sendJson(res, 200, { terminals: list });
  });
  exact.set(BACKOFFICE_API.enrolmentCodes, async (req, res) => {
    admin(req);
    if (req.method !== 'POST') throw refuse(405, 'METHOD_NOT_ALLOWED', 'Hanya POST.', 'POST only.');
    const input = await readJson(req, res, 4096, EnrolmentCodeRequestSchema);
    const code = await terminals.createCode(input);
    options.log(
      `enrolment code issued for ${input.shop} / ${input.label}, valid until ${new Date(code.expiresAt).toISOString()}`,
    );
    sendJson(res, 200, { ...code, ...input });
  });
  exact.set(BACKOFFICE_API.hints, async (req, res, url) => {
    admin(req);
    const unmatched = url.searchParams.get('unmatched') === '1';
    const rows = await db.query(
      `SELECT h.id, h.source, h.status, h.refs, h.merchant_id, h.received_at, h.repeats,
              coalesce(array_agg(d.terminal_id) FILTER (WHERE d.terminal_id IS NOT NULL), '{}') AS delivered_to,
              coalesce(bool_and(d.acked_at IS NOT NULL) FILTER (WHERE d.terminal_id IS NOT NULL), false) AS acknowledged
         FROM hints h LEFT JOIN deliveries d ON d.hint_id = h.id
        GROUP BY h.id
        ${unmatched ? 'HAVING count(d.id) = 0' : ''}
        ORDER BY h.id DESC LIMIT 200`,
    );
    const hints: HintView[] = rows.map((raw) => {
      const r = HintRowSchema.parse(raw);
      return {
        id: Number(r.id),
        source: r.source,
        status: r.status,
        refs: r.refs,
        merchantId: r.merchant_id,
        receivedAt: Number(r.received_at),
        repeats: r.repeats,
        deliveredTo: r.delivered_to,
        acknowledged: r.acknowledged,
      };
    });
    sendJson(res, 200, { hints });
  });
  const revoke: Handler = async (req, res, url) => {
    admin(req);
    if (req.method !== 'POST') throw refuse(405, 'METHOD_NOT_ALLOWED', 'Hanya POST.', 'POST only.');
    const id = decodeURIComponent(url.pathname.slice(BACKOFFICE_API.terminals.length + 1, -'/revoke'.length));
    const revoked = await terminals.revoke(id);
    hub.disconnect(id);
    if (!revoked) {
      throw refuse(
        404,
        'TERMINAL_NOT_FOUND',
        'Terminal tidak ada atau sudah dicabut.',
        'No such terminal, or already revoked.',
      );
    }
    options.log(`terminal ${id} revoked`);
    sendJson(res, 200, { revoked: id });
  };
  return { exact, revoke };
}
