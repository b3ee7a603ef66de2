// The desktop's HTTP client for the central server. Every call has a timeout; failures come
// back as SyncHttpError saying whether they are worth retrying (network errors, 5xx, 429).
import type {
  BookHolding,
  EnrolRequest,
  EnrolResponse,
  HandoverRequest,
  OrgView,
  PullResponse,
  PushItem,
  PushResponse,
  RevokeDeviceRequest,
  OfficeKeyView,
} from '../../src-shared/syncSchemas.js';
import type { DirectoryImportRow, DirectoryResponse } from '../../src-shared/distributionSchemas.js';

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const OFFLINE_MESSAGE = 'ติดต่อเซิร์ฟเวอร์ไม่ได้ (ออฟไลน์) ข้อมูลยังอยู่ในเครื่องครบ จะส่งให้อัตโนมัติเมื่อเชื่อมต่อได้';

export interface SyncClientOptions {
  baseUrl: string;
  credential?: string;
  timeoutMs?: number;
  /** The HTTP function (Electron passes its net.fetch, which honours the system's proxy settings). */
  fetch?: typeof fetch;
}

export class SyncClient {
  /** The server's clock from its last answer's Date header, and this PC's clock at that moment. */
  lastServerTime: { server: number; local: number } | null = null;

  constructor(private readonly opts: SyncClientOptions) {}

  private url(path: string): string {
    return new URL(path.replace(/^\//, ''), this.opts.baseUrl.endsWith('/') ? this.opts.baseUrl : `${this.opts.baseUrl}/`).toString();
  }

  private async request(
    method: string,
    path: string,
    init: { json?: unknown; raw?: string; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.opts.credential) headers.authorization = `Bearer ${this.opts.credential}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (init.json !== undefined || init.raw !== undefined) {
      headers['content-type'] = 'application/json';
      body = init.raw ?? JSON.stringify(init.json);
    } else if (init.body) {
      headers['content-type'] = 'application/octet-stream';
      body = init.body;
    }
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(this.url(path), {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
      });
    } catch {
      throw new SyncHttpError(0, 'network', OFFLINE_MESSAGE, true);
    }
    const date = Date.parse(res.headers.get('date') ?? '');
    if (Number.isFinite(date)) this.lastServerTime = { server: date, local: Date.now() };
    if (res.ok) return res;
    let code = `http_${res.status}`;
    let message = `เซิร์ฟเวอร์ตอบกลับผิดพลาด (HTTP ${res.status})`;
    let extra: Record<string, unknown> = {};
    try {
      const json = (await res.json()) as { error?: { code?: string; message?: string } & Record<string, unknown> };
      if (json.error?.code) code = json.error.code;
      if (json.error?.message) message = json.error.message;
      extra = json.error ?? {};
    } catch {
      // not our server's JSON (a proxy's error page): keep the generic message
    }
    throw new SyncHttpError(res.status, code, message, res.status >= 500 || res.status === 429, extra);
  }

  private async json<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await this.request(method, path, json === undefined ? {} : { json });
    try {
      return (await res.json()) as T;
    } catch {
      // The answer was cut off: the same as no answer (the server may have committed).
      throw new SyncHttpError(0, 'network', OFFLINE_MESSAGE, true);
    }
  }

  enrol(req: EnrolRequest): Promise<EnrolResponse> {
    return this.json('POST', '/v1/enrol', req);
  }
  push(items: PushItem[]): Promise<PushResponse> {
    return this.json('POST', '/v1/push', { items });
  }
  /** The same request from a body already serialised (the outbox keeps payloads as JSON text). */
  async pushRaw(body: string): Promise<PushResponse> {
    const res = await this.request('POST', '/v1/push', { raw: body });
    try {
      return (await res.json()) as PushResponse;
    } catch {
      throw new SyncHttpError(0, 'network', OFFLINE_MESSAGE, true);
    }
  }
  pull(after: number, opts: { limit?: number; ackFloor?: number } = {}): Promise<PullResponse> {
    return this.json('GET', `/v1/pull?after=${after}${opts.limit ? `&limit=${opts.limit}` : ''}${opts.ackFloor ? `&ackFloor=${opts.ackFloor}` : ''}`);
  }
  org(): Promise<OrgView> {
    return this.json('GET', '/v1/org');
  }
  revokeDevice(req: RevokeDeviceRequest): Promise<OrgView> {
    return this.json('POST', '/v1/devices/revoke', req);
  }
  handover(req: HandoverRequest): Promise<BookHolding> {
    return this.json('POST', '/v1/books/handover', req);
  }
  /** The organisation's office key id (null while no PC has made a key). */
  officeKey(): Promise<OfficeKeyView> {
    return this.json('GET', '/v1/office-key');
  }
  /** Claims `keyId` as the organisation's key unless one is claimed already; answers the one that holds. */
  claimOfficeKey(keyId: string): Promise<OfficeKeyView> {
    return this.json('POST', '/v1/office-key', { keyId });
  }
  entries(after: string, limit = 1000): Promise<{ rows: unknown[]; next: string | null }> {
    return this.json('GET', `/v1/entries?after=${encodeURIComponent(after)}&limit=${limit}`);
  }

  directory(since: number): Promise<DirectoryResponse> {
    return this.json('GET', `/v1/directory?since=${since}`);
  }
  importDirectory(rows: DirectoryImportRow[]): Promise<{ added: number; updated: number; unchanged: number }> {
    return this.json('POST', '/v1/directory/import', { rows });
  }
  /** A whole attachment (a received document's file: its grant is checked by the server). */
  async getBlob(sha256: string): Promise<Buffer> {
    const res = await this.request('GET', `/v1/blobs/${sha256}`);
    try {
      return Buffer.from(await res.arrayBuffer());
    } catch {
      throw new SyncHttpError(0, 'network', OFFLINE_MESSAGE, true);
    }
  }

  async blobState(sha256: string): Promise<{ offset: number; complete: boolean }> {
    const res = await this.request('HEAD', `/v1/blobs/${sha256}`);
    return { offset: Number(res.headers.get('upload-offset') ?? '0'), complete: res.headers.get('upload-complete') === '1' };
  }

  async putBlob(sha256: string, offset: number, length: number, piece: Uint8Array<ArrayBuffer>): Promise<{ offset: number; complete: boolean }> {
    const res = await this.request('PUT', `/v1/blobs/${sha256}`, {
      body: piece,
      headers: { 'upload-offset': String(offset), 'upload-length': String(length) },
    });
    return (await res.json()) as { offset: number; complete: boolean };
  }
}
