// A cashier process for the crash test: the CLI's own wiring (profile → journal, client, engine) with
// a kill switch. KASIR_CRASH_AT="point:n" makes it SIGKILL itself the n-th time it reaches a named
// point (an engine crash point, or "journal:commit": inside a journal transaction, before COMMIT).
// Like `kasir pay`, it resolves what an earlier run left unfinished before each payment. A job may
// go on, once its payment is PAID, to a same-day cancel of it or to a refund of part or all of it.
//
// env: KASIR_CRASH_PROFILE, KASIR_CRASH_DATA, KASIR_CRASH_AT,
//      KASIR_CRASH_JOBS = [{"qr","amount","after"?: "cancel" | {"refund": minor}}]

import { z } from 'zod';
import { openTerminal } from '../../../main/payments/open-terminal';
import { loadTerminalProfile, terminalConfigOf } from '../../../main/terminal-profile';
import { killSwitch } from './crash-support';

const JobsSchema = z.array(
  z.object({
    qr: z.string(),
    amount: z.string().regex(/^\d+$/),
    after: z.union([z.literal('cancel'), z.object({ refund: z.string().regex(/^\d+$/) })]).optional(),
  }),
);

const reach = killSwitch();

const terminal = openTerminal(
  terminalConfigOf(
    loadTerminalProfile(process.env.KASIR_CRASH_PROFILE ?? ''),
    process.env.KASIR_CRASH_DATA ?? '',
  ),
  { checkpoint: reach, beforeCommit: () => reach('journal:commit') },
);
try {
  for (const job of JobsSchema.parse(JSON.parse(process.env.KASIR_CRASH_JOBS ?? '[]'))) {
    if (terminal.engine.unresolved().length > 0) await terminal.engine.recover();
    const result = await terminal.engine.pay({ qrContent: job.qr, amount: BigInt(job.amount) });
    process.stdout.write(`${result.payment.partnerReferenceNo} ${result.payment.state}\n`);
    if (result.payment.state !== 'PAID' || job.after === undefined) continue;
    const ref = result.payment.partnerReferenceNo;
    if (job.after === 'cancel') await terminal.engine.cancel(ref, { reason: 'crash test reversal' });
    else await terminal.engine.refund(ref, { amount: BigInt(job.after.refund) });
  }
} finally {
  terminal.close();
}
