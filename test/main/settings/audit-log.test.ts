import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../../main/settings/audit-log';

const NOW = Date.UTC(2025, 0, 6, 3, 0, 0);

describe('the audit log', () => {
  it('lists entries newest first, with when, what and for what', () => {
    const log = openAuditLog(':memory:', () => NOW);
    log.append({ action: 'pin.verify', outcome: 'ok', purpose: 'refund', reference: 'KSR-1' });
    log.append({ action: 'profile.activate', outcome: 'ok', reference: 'p-dana' });
    expect(log.recent()).toEqual([
      {
        id: 2,
        at: NOW,
        action: 'profile.activate',
        outcome: 'ok',
        purpose: null,
        reference: 'p-dana',
        detail: null,
        actor: null,
      },
      {
        id: 1,
        at: NOW,
        action: 'pin.verify',
        outcome: 'ok',
        purpose: 'refund',
        reference: 'KSR-1',
        detail: null,
        actor: null,
      },
    ]);
  });

  it('survives a restart', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kasir-audit-')), 'audit.sqlite');
    const first = openAuditLog(file, () => NOW);
    first.append({ action: 'pin.set', outcome: 'ok' });
    first.close();
    expect(openAuditLog(file, () => NOW).recent()).toHaveLength(1);
  });

  it('refuses to change or delete a row, even from outside the app', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kasir-audit-')), 'audit.sqlite');
    const log = openAuditLog(file, () => NOW);
    log.append({ action: 'pin.verify', outcome: 'wrong', purpose: 'refund' });
    log.close();
    const db = new DatabaseSync(file);
    expect(() => db.exec("UPDATE audit SET outcome = 'ok'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit')).toThrow(/append-only/);
    db.close();
  });
});
