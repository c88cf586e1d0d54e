// The one wallet limit main needs without the payment views' schemas (the QR decoder shortens a
// label to it before anything is journaled).

/** The longest wallet label a screen gets; main shortens a longer one (the QR's tag 50 is the customer's). */
export const WALLET_LABEL_MAX = 64;
