// The full integrity check of a journal (`PRAGMA quick_check`: every page read, every b-tree walked),
// run on a worker thread with its own read-only connection, so the seconds it takes on a year of
// payments never hold up a payment. The check at open (database.ts) is the cheap one; this one runs
// after start and once a day (main/app/cashier.ts) and on demand (`kasir check`).
//
// What a failure means: the file is damaged somewhere. The terminal then takes no new payments (the
// app says so in red), keeps every record readable, and support is to be called with a copy of the
// file; nothing is repaired automatically, because the damaged file is the evidence.

import { Worker } from 'node:worker_threads';

export type IntegrityVerdict = { ok: true } | { ok: false; detail: string };

// A worker from source text: no file to ship beside the CLI bundle or the app's main bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
let db;
try {
  db = new DatabaseSync(workerData.file, { readOnly: true });
  const rows = db.prepare('PRAGMA quick_check').all();
  const verdicts = rows.map((row) => String(Object.values(row)[0]));
  parentPort.postMessage(verdicts.length === 1 && verdicts[0] === 'ok'
    ? { ok: true }
    : { ok: false, detail: verdicts.slice(0, 20).join('; ') });
} catch (error) {
  parentPort.postMessage({ ok: false, detail: error instanceof Error ? error.message : String(error) });
} finally {
  if (db && db.isOpen) db.close();
}
`;

export function checkJournalInBackground(file: string): Promise<IntegrityVerdict> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file } });
    let answered = false;
    worker.once('message', (verdict: IntegrityVerdict) => {
      answered = true;
      resolve(verdict);
    });
    worker.once('error', (error) => {
      answered = true;
      resolve({ ok: false, detail: error.message });
    });
    worker.once('exit', (code) => {
      if (!answered) resolve({ ok: false, detail: `the check stopped (exit ${code})` });
    });
  });
}
