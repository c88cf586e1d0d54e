// The engine's state names as plain constants, apart from the schemas: the renderer lists them in its
// filters without pulling the schema library into its bundle.
export const PAYMENT_STATE_NAMES = [
  'SENDING',
  'UNKNOWN',
  'QUERYING',
  'CANCELLING',
  'CANCEL_UNKNOWN',
  'PAID',
  'FAILED',
  'CANCELLED',
  'PAID_REFUNDED',
  'MANUAL_PAID',
  'MANUAL_NOT_PAID',
] as const;

export const REFUND_STATE_NAMES = ['REFUND_SENDING', 'REFUND_UNKNOWN', 'REFUNDED', 'REFUND_FAILED'] as const;
