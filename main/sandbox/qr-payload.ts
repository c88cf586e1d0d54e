// SEAM: the CPM payload the sandbox's wallet puts in a QR. It should come from main/cpm/payload.ts
// (encodeCpmPayload) once that module exists; until then this builds the same EMV structure itself.
// TODO(sandbox): replace the body of cpmPayloadFor with encodeCpmPayload(...).

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

function tlv(tagHex: string, value: Uint8Array): Uint8Array {
  const tag = Buffer.from(tagHex, 'hex');
  const length =
    value.length < 0x80
      ? Buffer.from([value.length])
      : value.length < 0x100
        ? Buffer.from([0x81, value.length])
        : Buffer.from([0x82, value.length >> 8, value.length & 0xff]);
  return Buffer.concat([tag, length, value]);
}

export function cpmPayloadFor(input: CpmPayloadInput): string {
  const { customer } = input;
  const atc = Buffer.from([(input.atc >> 8) & 0xff, input.atc & 0xff]);
  const application = Buffer.concat([
    tlv('4F', Buffer.from(SANDBOX_ADF_NAME, 'hex')),
    tlv('50', Buffer.from(SANDBOX_LABEL, 'ascii')),
    tlv('5A', Buffer.from(customer.pan, 'hex')),
    tlv('5F20', Buffer.from(customer.name, 'ascii')),
    tlv('9F25', Buffer.from(customer.pan.slice(-4), 'hex')),
    tlv(
      '63',
      Buffer.concat([
        tlv('9F26', input.cryptogram),
        tlv('9F27', Buffer.from([0x80])),
        tlv('9F36', atc),
        tlv('9F37', input.unpredictableNumber),
      ]),
    ),
  ]);
  const payload = Buffer.concat([tlv('85', Buffer.from('CPV01', 'ascii')), tlv('61', application)]);
  return payload.toString('base64');
}
