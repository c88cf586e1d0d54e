// Hostile wallet labels, carried in by the customer's QR, through the real export: scan, pay against
// the embedded sandbox, then history:export, read back with a strict RFC 4180 reader.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../../main/app/core';
import { CSV_COLUMNS } from '../../../main/app/history-csv';
import { encodeTlv } from '../../../main/cpm/tlv';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { CsvExport, PaymentView, ScanCheck } from '../../../preload/contract/payments';

const HOSTILE_LABELS = [
  'GoPay;=1+1',
  '=HYPERLINK("http://evil.example","Klik")',
  "GoPay,=cmd|' /C calc'!A0",
  '+6281234',
  '-1+1',
  '@SUM(1)',
  'Dompet "A"',
];

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

/** A CPM QR whose first application carries `label` as its tag 50. */
function qrWithLabel(label: string): string {
  return Buffer.from(
    encodeTlv([
      { tag: '85', value: new Uint8Array(Buffer.from('CPV01', 'latin1')) },
      {
        tag: '61',
        children: [
          { tag: '4F', value: new Uint8Array(Buffer.from('A0000000555555', 'hex')) },
          { tag: '50', value: new Uint8Array(Buffer.from(label, 'utf8')) },
          { tag: '5A', value: new Uint8Array(Buffer.from('1234567890123458', 'hex')) },
        ],
      },
    ]),
  ).toString('base64');
}

/** RFC 4180, strictly: every field must be quoted, or this throws. */
function readQuotedCsv(text: string): string[][] {
  const rows: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const row: string[] = [];
    for (;;) {
      if (text[at] !== '"')
        throw new Error(`unquoted field at ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
      let field = '';
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at += 1;
      }
      row.push(field);
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text.startsWith('\r\n', at)) {
        at += 2;
        break;
      }
      throw new Error(`junk after a field at ${at}`);
    }
    rows.push(row);
  }
  return rows;
}

describe('the history export with hostile wallet labels', () => {
  let dataDir: string;
  let core: AppCore;
  let rows: string[][];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kasir-export-'));
    core = await createAppCore({ dataDir, security: { cipher: createKeyCipher(randomBytes(32)) } });
    for (const label of HOSTILE_LABELS) {
      const scan = value<ScanCheck>(await core.dispatch('scan:check', { text: qrWithLabel(label) }));
      expect(scan.wallet.label).toBe(label);
      value<PaymentView>(
        await core.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '1000000' }),
      );
      for (let i = 0; i < 400 && value(await core.dispatch('payment:active', undefined)) !== null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const exported = value<CsvExport>(await core.dispatch('history:export', {}));
    rows = readQuotedCsv(exported.csv);
  });

  afterAll(async () => {
    await core?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('quotes every field of every row, so a ";" or "," in a label never splits it', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(HOSTILE_LABELS.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('keeps each label whole, and makes every one that starts like a formula plain text', () => {
    const wallet = CSV_COLUMNS.indexOf('wallet');
    const labels = rows.slice(1).map((row) => row[wallet]);
    expect(labels.sort()).toEqual(
      HOSTILE_LABELS.map((label) => (/^[=+\-@]/.test(label) ? `'${label}` : label)).sort(),
    );
  });

  it('leaves no field in the file starting with a formula character', () => {
    for (const row of rows) for (const field of row) expect(field).not.toMatch(/^[=+\-@\t\r]/);
  });
});
