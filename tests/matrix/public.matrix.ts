import type { MatrixEntry, MatrixExemption } from './types';

export const entries: MatrixEntry[] = [];

/** The public intake (src/server/modules/mobile/public-intake.routes.ts): no session, no scope to check. */
export const exemptions: MatrixExemption[] = [
  {
    endpoint: 'POST /api/public/reports',
    why: 'public 随手报 without an account: files a case in the located grid or named village, answers only its number; rate-limited per IP',
  },
  {
    endpoint: 'POST /api/public/reports/:number/photos',
    why: 'public: needs the case number and the reporting phone, only for anonymous cases still 已上报; answers like a missing case otherwise',
  },
  { endpoint: 'GET /api/public/villages', why: 'public: names and codes of villages (administrative divisions) to pick where something happened' },
  {
    endpoint: 'GET /api/public/areas/:code/figures',
    why: 'public village/town figures: aggregate counts and satisfaction rate only, never records',
  },
];
