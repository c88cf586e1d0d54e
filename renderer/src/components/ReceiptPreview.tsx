import type { Receipt } from '../../../preload/contract/payments';

/** The receipt as it will print: the same lines main sends to the printer. */
export function ReceiptPreview({ receipt }: { receipt: Receipt }) {
  return (
    <div className="receipt" data-copy={receipt.copy}>
      {receipt.lines.map((line, index) => {
        const key = `${index}-${line.kind}`;
        if (line.kind === 'rule') return <hr key={key} />;
        if (line.right === undefined) {
          return (
            <div key={key} className={`receipt-${line.kind}`}>
              {line.left}
            </div>
          );
        }
        return (
          <div key={key} className={`receipt-line receipt-${line.kind}`}>
            <span>{line.left}</span>
            <span>{line.right}</span>
          </div>
        );
      })}
    </div>
  );
}
