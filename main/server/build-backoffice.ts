// `npm run build:backoffice`: builds the back-office page into out/backoffice, which `kasir server`
// then serves as it is (without it, the server builds the page on its first visit).
import { buildBackoffice, PREBUILT_BACKOFFICE } from './backoffice-bundle';

await buildBackoffice(PREBUILT_BACKOFFICE);
console.log(`back office built into ${PREBUILT_BACKOFFICE}`);
