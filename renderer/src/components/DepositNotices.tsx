// Each provider's deposit as the counter needs to know it: only when it is low (below the owner's
// threshold) or could not be read, since a sale from an empty deposit fails at the provider.
import type { DepositView } from '../../../preload/contract/ppob';
import { formatRupiah } from '../format';
import { useI18n } from '../i18n';
import { PROVIDER_NAMES } from '../screens/ppob-model';
import { Notice } from './Notice';

export function DepositNotices({ deposits }: { deposits: readonly DepositView[] }) {
  const { t, language } = useI18n();
  return (
    <>
      {deposits.map((deposit) => {
        const provider = PROVIDER_NAMES[deposit.provider];
        if (deposit.balanceMinor === null) {
          return (
            <Notice key={deposit.provider} tone="wait" testId="deposit-notice">
              {t('ppob.depositUnknown', { provider })}
            </Notice>
          );
        }
        if (!deposit.low) return null;
        return (
          <Notice key={deposit.provider} tone="wait" testId="deposit-notice">
            {t('ppob.depositLow', {
              provider,
              amount: formatRupiah(deposit.balanceMinor, language),
              threshold: formatRupiah(deposit.lowBalanceMinor ?? '0', language),
            })}
          </Notice>
        );
      })}
    </>
  );
}
