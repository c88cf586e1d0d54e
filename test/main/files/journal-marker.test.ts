// A journal that was there is never quietly replaced by an empty one: real files, the real Journal.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalMarkerFile } from '../../../main/files/journal-marker';
import { parseSnapAmount } from '../../../main/money/amount';
import { Journal } from '../../../main/payments/journal';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-marker-'));
  file = join(dir, 'journal.sqlite');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function journalWithOnePayment(): void {
  const journal = Journal.open(file);
  journal.beginPayment({
    partnerReferenceNo: '2020102900000000000001',
    terminalId: 'T-01',
    merchantId: '00007100010926',
    amount: parseSnapAmount('10000.00'),
    currency: 'IDR',
    qrFingerprint: 'sha256:0123456789ab',
    externalId: '41807553358950093184162180797837',
    requestTimeoutMs: 10_000,
    deadlineAt: Date.now() + 100_000,
  });
  journal.close();
}

function openError(): unknown {
  try {
    Journal.open(file).close();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the journal marker', () => {
  it('marks a folder once a journal has been opened in it', () => {
    Journal.open(file).close();
    expect(existsSync(journalMarkerFile(file))).toBe(true);
    expect(statSync(journalMarkerFile(file)).mode & 0o077).toBe(0);
  });

  it('refuses a zero-byte journal in a folder that held one, and leaves the file as it is', () => {
    journalWithOnePayment();
    truncateSync(file, 0);
    expect(openError()).toMatchObject({
      code: 'JOURNAL_CORRUPT',
      message: expect.stringContaining(file),
    });
    expect(statSync(file).size).toBe(0);
  });

  it('refuses a journal deleted from a folder that held one, instead of starting an empty one', () => {
    journalWithOnePayment();
    rmSync(file);
    expect(openError()).toMatchObject({ code: 'JOURNAL_MISSING' });
    expect(existsSync(file)).toBe(false);
  });

  it('opens a journal written before markers existed, and marks its folder', () => {
    journalWithOnePayment();
    rmSync(journalMarkerFile(file));
    const journal = Journal.open(file);
    expect(journal.findByPartnerReferenceNo('2020102900000000000001')).toBeDefined();
    journal.close();
    expect(existsSync(journalMarkerFile(file))).toBe(true);
  });

  it('starts a new journal in a folder that never held one, even over a zero-byte file', () => {
    writeFileSync(file, '');
    const journal = Journal.open(file);
    expect(journal.findByPartnerReferenceNo('2020102900000000000001')).toBeUndefined();
    journal.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA user_version').get()).not.toEqual({ user_version: 0 });
    db.close();
  });

  it('refuses a FIFO planted in place of the journal instead of hanging on it', () => {
    rmSync(file, { force: true });
    execFileSync('mkfifo', [file]);
    expect(openError()).toMatchObject({ code: 'DATA_FILE_NOT_REGULAR' });
  });
});
