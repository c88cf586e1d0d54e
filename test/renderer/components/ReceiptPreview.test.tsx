import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptPreview } from '../../../renderer/src/components/ReceiptPreview';

describe('the receipt preview', () => {
  afterEach(cleanup);

  it('draws the lines main prints, rules as rules and pairs side by side', () => {
    const { container } = render(
      <ReceiptPreview
        receipt={{
          paymentId: 1,
          copy: true,
          lines: [
            { kind: 'copy', left: '*** SALINAN / COPY ***' },
            { kind: 'title', left: 'Toko Demo' },
            { kind: 'rule', left: '' },
            { kind: 'amount', left: 'Total', right: 'Rp10.000' },
          ],
        }}
      />,
    );
    const receipt = container.querySelector('.receipt');
    expect(receipt?.getAttribute('data-copy')).toBe('true');
    expect(receipt?.querySelector('.receipt-copy')?.textContent).toBe('*** SALINAN / COPY ***');
    expect(receipt?.querySelectorAll('hr')).toHaveLength(1);
    const amount = receipt?.querySelector('.receipt-amount');
    expect([...(amount?.querySelectorAll('span') ?? [])].map((s) => s.textContent)).toEqual([
      'Total',
      'Rp10.000',
    ]);
  });
});
