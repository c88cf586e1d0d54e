// Published SNAP BI signature vectors from Midtrans's public SNAP-BI-Signature-Demo (sample test
// keys, never a real credential), copied here so the suite stands on its own.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const keyPath = (name: string) => fileURLToPath(new URL(`../../fixtures/keys/${name}`, import.meta.url));

export const SAMPLE_PRIVATE_KEY_FILE = keyPath('midtrans-sample-private.pem');
export const SAMPLE_PUBLIC_KEY_FILE = keyPath('midtrans-sample-public.pem');
export const samplePrivateKeyPem = readFileSync(SAMPLE_PRIVATE_KEY_FILE, 'utf8');
export const samplePublicKeyPem = readFileSync(SAMPLE_PUBLIC_KEY_FILE, 'utf8');

export const tokenVector = {
  clientKey: 'G1234325-SNAP',
  timestamp: '2024-03-01T08:27:49.024Z',
  signatureStart: 'WzW49tYIgKIBmBi/gVBHGLAkhEaZ',
  signatureEnd: 'qofS9+RyOQ==',
};

export const symmetricVector = {
  clientSecret: 'myclientsecret',
  accessToken: 'myaccesstoken',
  method: 'POST',
  path: '/v1.0/qr/qr-mpm-generate',
  timestamp: '2024-03-05T10:37:16.196Z',
  rawBody: `{
  "partnerReferenceNo": "2020102900000000000001",
  "amount": {
    "value": "12345678.00",
    "currency": "IDR"
  },
  "feeAmount": {
    "value": "12345678.00",
    "currency": "IDR"
  },
  "merchantId": "00007100010926",
  "terminalId": "213141251124",
  "validityPeriod": "2009-07-03T12:08:56-07:00"
}`,
  signature: 'wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ==',
};

export const notificationVector = {
  method: 'POST',
  path: '/v1.0/debit/notify',
  timestamp: '2024-05-02T14:43:08+07:00',
  rawBody:
    '{"originalPartnerReferenceNo":"GP24043015193402809","originalReferenceNo":"A120240430081940S9vu8gSjaRID","merchantId":"G099333790","amount":{"value":"102800.00","currency":"IDR"},"latestTransactionStatus":"00","transactionStatusDesc":"SUCCESS","additionalInfo":{"refundHistory":[]}}',
  stringToSign:
    'POST:/v1.0/debit/notify:79ebbe6a6b695262dd686d0dedafc57c94e3b3dededf8d63971f8a95699ace85:2024-05-02T14:43:08+07:00',
  signature:
    'RoJnP2tH/YiOhHM/lMVBMSAuzRmS8VrWdIy04Qqyb56daV7oWFMFoMMzqnjQ+q0MIUalYgU094GWQnCx2c29xb1kkqHhv2+iJ9xl6NjGmFGYqyvcKvUDAV83Y1Mw9JnsEcjcupdGw9/MRv/mm2GMrQ+BCZGfc4a46JDyPZbcY294vDGqs5rFBN6iYer5ro4cAQGo9hET2G82Y+j50vCyO/79GFE4vB1rvtu6PK2Bxi+vTYV8k7P7PS8tOPWM2O+kjiVWjwvLR99Botou+a8sxlQqZaihfWMKcByzV+Lgkr9cptpjys+1NIRWT1ad/sJBSLHyldzC3q2oRn5z5oZmyg==',
};
