export function electronDir(): string;
export function installedElectronBinary(env?: Record<string, string | undefined>): string | null;
