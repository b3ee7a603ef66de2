// What never reaches the log file: credentials (passwords, tokens, the device credential, the
// Authorization header, the office's key) and secret content (a letter's subject, details and
// file names, which the secret right protects). Values under such keys are replaced, whatever
// the depth; strings are also cleaned of "Bearer …" tokens and ?token= in URLs.

const CREDENTIAL_KEYS = /^(password|passwordhash|password_hash|newpassword|current|next|credential|token|admintoken|authorization|cookie|secret|key|privatekey|officekey|session|sessionid|x-saraban-token|x-saraban-session|x-admin-token|code)$/i;
const CONTENT_KEYS = /^(subject|details|detail_text|body|content|note|notes|action|remark|remarks|filename|file_name|description|base64|bytes|data)$/i;

export const REDACTED = '[ลบออก]';

function scrubString(s: string): string {
  return s
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`)
    .replace(/([?&](?:token|credential|session)=)[^&\s#]+/gi, `$1${REDACTED}`);
}

export function scrubLogValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return scrubString(value);
  // 'errorCode', not 'code': an enrolment code travels as 'code' and is scrubbed as a credential.
  if (value instanceof Error) return { type: value.name, message: scrubString(value.message), stack: value.stack ? scrubString(value.stack) : undefined, errorCode: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => scrubLogValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = CREDENTIAL_KEYS.test(k) || CONTENT_KEYS.test(k) ? REDACTED : scrubLogValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
