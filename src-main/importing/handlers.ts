// The import's part of the API (ตั้งค่าระบบ › นำเข้าข้อมูล), the admin's only.
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { ImportJobs } from './importJobs.js';

export function importHandlers(core: Core) {
  const jobs = new ImportJobs(core);
  return {
    'import.uploadBegin': (input) => jobs.uploadBegin(input),
    'import.uploadChunk': (input) => jobs.uploadChunk(input),
    'import.uploadFinish': (input) => jobs.uploadFinish(input),
    'import.preview': (input) => jobs.preview(input),
    'import.run': (input) => jobs.run(input, core.actor()),
    'import.status': (input) => jobs.status(input.jobId),
  } satisfies HandlerPart;
}
