// The sync part of the API: status, enrolment, pushing now, refused items, book hand-over, the office key.
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import { syncEngineFor } from './index.js';
import { exportOfficeKey, importOfficeKey, officeKeyStatus } from './officeKey.js';
import { syncClientFor } from './restoreFromServer.js';

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
    'sync.officeKeyStatus': () => officeKeyStatus(core.store),
    'sync.exportOfficeKey': (input) => exportOfficeKey(core.store, input.password, localIsoTimestamp(core.now())),
    'sync.importOfficeKey': (input) =>
      importOfficeKey(core.store, syncClientFor(core.store), Buffer.from(input.keyFileBase64, 'base64').toString('utf8'), input.password, localIsoTimestamp(core.now())),
  } satisfies HandlerPart;
}
