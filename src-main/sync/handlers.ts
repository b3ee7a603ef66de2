// The sync part of the API: status, enrolment, pushing now, refused items, book hand-over.
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { syncEngineFor } from './index.js';

export function syncHandlers(core: Core) {
  return {
    'sync.status': () => syncEngineFor(core).status(),
    'sync.enrol': (input) => syncEngineFor(core).enrol(input.serverUrl, input.code, input.deviceName),
    'sync.now': async () => {
      const engine = syncEngineFor(core);
      await engine.syncNow().catch(() => undefined); // the outcome is in the status
      return engine.status();
    },
    'sync.retryRejected': (input) => syncEngineFor(core).retryRejected(input.seq),
    'sync.exportRejected': () => syncEngineFor(core).exportRejected(),
    'sync.handover': async (input) => {
      const engine = syncEngineFor(core);
      await engine.handover(input.kind, input.year, input.toDeviceId);
      return engine.status();
    },
    'sync.listBooks': () => syncEngineFor(core).listBooks(),
    'sync.revokeDevice': (input) => syncEngineFor(core).revokeDevice(input.deviceId, input.reason),
  } satisfies HandlerPart;
}
