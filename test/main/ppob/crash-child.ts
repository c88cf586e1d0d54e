// A cashier process for the PPOB crash test: the CLI's own wiring (profile → journal, SNAP client,
// payment engine, PPOB clients, purchase engine) with a kill switch. KASIR_CRASH_AT="point:n" makes it
// SIGKILL itself the n-th time it reaches a named point (a payment or purchase crash point, or
// "journal:commit": inside a journal transaction, before COMMIT). Like `kasir ppob buy`, it resolves
// whatever an earlier run left unfinished before each sale.
//
// env: KASIR_CRASH_PROFILE, KASIR_CRASH_DATA, KASIR_CRASH_AT,
//      KASIR_CRASH_JOBS = [{"product","customer","price"?: minor,"qr"?}]

import { z } from 'zod';
import { KasirError } from '../../../main/errors';
import { openTerminal } from '../../../main/payments/open-terminal';
import { openPpob } from '../../../main/ppob/open-ppob';
import { nodeHttpFetch } from '../../../main/snap/http-transport';
import { loadTerminalProfile, terminalConfigOf } from '../../../main/terminal-profile';
import { killSwitch } from '../payments/crash-support';

const JobsSchema = z.array(
  z.object({
    product: z.string(),
    customer: z.string(),
    price: z.string().regex(/^\d+$/).optional(),
    qr: z.string().optional(),
  }),
);

const reach = killSwitch();

const terminal = openTerminal(
  terminalConfigOf(
    loadTerminalProfile(process.env.KASIR_CRASH_PROFILE ?? ''),
    process.env.KASIR_CRASH_DATA ?? '',
  ),
  { fetch: nodeHttpFetch, openPpob, checkpoint: reach, beforeCommit: () => reach('journal:commit') },
);
const ppob = terminal.ppob;
if (!ppob) throw new Error('the crash profile has no ppob section');
try {
  for (const job of JobsSchema.parse(JSON.parse(process.env.KASIR_CRASH_JOBS ?? '[]'))) {
    const leftover =
      terminal.engine.unresolved().length +
      terminal.engine.unresolvedRefunds().length +
      ppob.unresolved().length;
    if (leftover > 0) {
      await terminal.engine.recover();
      await ppob.recover();
    }
    try {
      const result = await ppob.buy({
        productCode: job.product,
        customerNo: job.customer,
        ...(job.price === undefined ? {} : { sellingPrice: BigInt(job.price) }),
        ...(job.qr === undefined ? {} : { paidBy: { qrContent: job.qr } }),
      });
      process.stdout.write(`${result.purchase.partnerReferenceId} ${result.purchase.state}\n`);
    } catch (error) {
      // Refused before anything was journaled (another process holds the terminal, say): next job.
      if (!(error instanceof KasirError)) throw error;
      process.stderr.write(`refused: ${error.code}\n`);
    }
  }
} finally {
  terminal.close();
}
