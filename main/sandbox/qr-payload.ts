// The CPM payload the sandbox's wallet puts in a QR: a real EMV consumer-presented payload built by
// the CPM module, with a fresh cryptogram so no two QRs are alike.

import { encodeCpmPayload } from '../cpm/encode-payload';
import type { TestCustomer } from './customers';

/** Application identifier the sandbox wallet presents (a made-up RID, not a registered one). */
export const SANDBOX_ADF_NAME = 'A0000006021010';
export const SANDBOX_LABEL = 'SANDBOX QRIS';

export interface CpmPayloadInput {
  customer: TestCustomer;
  /** 8 random bytes: the application cryptogram that makes every payload unique. */
  cryptogram: Uint8Array;
  /** Application transaction counter. */
  atc: number;
  /** 4 random bytes. */
  unpredictableNumber: Uint8Array;
}

export function cpmPayloadFor(input: CpmPayloadInput): string {
  const { customer } = input;
  return encodeCpmPayload({
    applications: [
      {
        adfNameHex: SANDBOX_ADF_NAME,
        label: SANDBOX_LABEL,
        pan: customer.pan,
        cardholderName: customer.name,
        last4: customer.pan.slice(-4),
        issuerData: {
          cryptogramHex: Buffer.from(input.cryptogram).toString('hex'),
          cryptogramInfoHex: '80',
          atc: input.atc,
          unpredictableNumberHex: Buffer.from(input.unpredictableNumber).toString('hex'),
        },
      },
    ],
  });
}
