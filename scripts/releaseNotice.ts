// What `npm run dist` says before electron-builder runs: whether the installer will be signed.
// electron-builder signs when CSC_LINK (or WIN_CSC_LINK) names the certificate; an unsigned
// installer makes Windows SmartScreen warn the clerk, so the build says so plainly.
export function signingNotice(env: Record<string, string | undefined>): { signed: boolean; text: string } {
  const link = env.WIN_CSC_LINK ?? env.CSC_LINK;
  if (!link) {
    return {
      signed: false,
      text: 'คำเตือน: ไม่ได้ตั้ง CSC_LINK/CSC_KEY_PASSWORD ตัวติดตั้งนี้จะไม่ได้ลงนาม (UNSIGNED build): Windows SmartScreen จะเตือนผู้ใช้',
    };
  }
  const password = env.WIN_CSC_KEY_PASSWORD ?? env.CSC_KEY_PASSWORD;
  if (!password) return { signed: false, text: 'ตั้ง CSC_LINK แล้วแต่ไม่มี CSC_KEY_PASSWORD: การลงนามจะล้มเหลว' };
  return { signed: true, text: 'ตัวติดตั้งจะลงนามด้วยใบรับรองจาก CSC_LINK (signed build)' };
}
