// The sandbox's wallet holders. Balances are in minor units; each customer is chosen on generate (59)
// by its userAccessToken, and generate without one issues a QR for the default customer.

import type { Minor } from '../money/amount';

export interface TestCustomer {
  id: string;
  name: string;
  /** Sent as userAccessToken on generate (59) to get a QR for this customer. */
  userAccessToken: string;
  /** 16 digits, Luhn-valid, QRIS national prefix 9360. */
  pan: string;
  phone: string;
  openingBalance: Minor;
}

export const TEST_CUSTOMERS: readonly TestCustomer[] = [
  {
    id: 'budi',
    name: 'BUDI SANTOSO',
    userAccessToken: 'sandbox-customer-budi',
    pan: '9360000100000012',
    phone: '6281200000001',
    openingBalance: 100_000_000_00n, // Rp100.000.000: the default customer, enough for load tests
  },
  {
    id: 'siti',
    name: 'SITI RAHMA',
    userAccessToken: 'sandbox-customer-siti',
    pan: '9360000100000020',
    phone: '6281200000002',
    openingBalance: 2_500_000_00n, // Rp2.500.000
  },
  {
    id: 'andi',
    name: 'ANDI PRATAMA',
    userAccessToken: 'sandbox-customer-andi',
    pan: '9360000100000038',
    phone: '6281200000003',
    openingBalance: 5_000_00n, // Rp5.000: any larger payment is refused with 403xx14
  },
];

export const DEFAULT_CUSTOMER_ID = 'budi';
