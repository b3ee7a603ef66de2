// Run by `npm run dist` before electron-builder (see scripts/releaseNotice.ts).
import { signingNotice } from './releaseNotice.js';

const notice = signingNotice(process.env);
(notice.signed ? console.log : console.warn)(notice.text);
