// One digital-product sale from History: its state as the counter saw it, every event the journal
// holds for it (the provider's codes small, for support), and the receipt again (marked COPY).
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { PurchaseDetail as Detail } from '../../../preload/contract/ppob';
import { eventCodes } from '../components/event-words';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { useClock } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { STALE, useLatestCall } from '../hooks/useLatestCall';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';
import { PurchaseDecisionDialog } from './PurchaseDecisionDialog';
import { PurchasePanel } from './PurchasePanel';

export function PurchaseDetail({ reference, onClose }: { reference: string; onClose: () => void }) {
  const { t, language } = useI18n();
  const clock = useClock();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [deciding, setDeciding] = useState(false);

  const latest = useLatestCall();
  const load = useCallback(async () => {
    const result = await latest(() => kasir().invoke('ppob:get', { reference }));
    if (result === STALE) return;
    if (result.ok) setDetail(result.value);
    else setError(result.error);
  }, [reference, latest]);

  useEffect(() => {
    void load();
  }, [load]);
  useKasirEvent('ppob:changed', (purchase) => {
    if (purchase.reference === reference) void load();
  });

  const print = async () => {
    const result = await kasir().invoke('ppob:receipt:print', { reference });
    if (!result.ok) setError(result.error);
    else if (!result.value.printed) setNote(t('receipt.notPrinted'));
    else setNote(t(result.value.copy ? 'receipt.printedCopy' : 'receipt.printed'));
  };

  const final = detail !== null && detail.purchase.outcome !== 'unresolved';
  // Sent and never settled; a sale still waiting for its payment is the payment's to settle.
  const decidable = detail !== null && !final && detail.purchase.state !== 'AWAITING_PAYMENT';
  return (
    <Modal
      title={detail ? detail.purchase.productName : t('nav.ppob')}
      onClose={onClose}
      wide
      dismissable={!deciding}
    >
      {error && (
        <p className="error" role="alert" data-code={error.code}>
          {error.message[language]}
        </p>
      )}
      {detail && (
        <div className="detail">
          <div className="detail-main">
            <PurchasePanel purchase={detail.purchase} />
            <section>
              <h4>{t('history.ppobEvents')}</h4>
              <ol className="timeline" data-testid="purchase-timeline">
                {detail.events.map((event) => (
                  <li key={event.id} data-kind={event.kind}>
                    <span className="mono">{clock.time(event.at)}</span> <strong>{event.kind}</strong>
                    {event.toState && (
                      <span> → {t(`ppob.headline.${event.toState}` as Parameters<typeof t>[0])}</span>
                    )}
                    <span className="code small"> {eventCodes(event, { after: event.providerStatus })}</span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
          <div className="detail-side">
            <div className="actions column">
              <button type="button" className="button" disabled={!final} onClick={() => void print()}>
                {t('ppob.print')}
              </button>
              {!final && <p className="why-disabled">{t('ppob.why.notFinal')}</p>}
              <button
                type="button"
                className="button"
                disabled={!decidable}
                data-testid="ppob-decide"
                onClick={() => setDeciding(true)}
              >
                {t('ppob.decide')}
              </button>
              {!decidable && <p className="why-disabled">{t('ppob.why.decideFinal')}</p>}
            </div>
            {note && <Notice tone="ok">{note}</Notice>}
          </div>
        </div>
      )}
      {deciding && detail && (
        <PurchaseDecisionDialog
          detail={detail}
          onClose={() => {
            setDeciding(false);
            void load();
          }}
          onDone={() => {
            setDeciding(false);
            setNote(t('ppob.decided'));
            void load();
          }}
        />
      )}
    </Modal>
  );
}
