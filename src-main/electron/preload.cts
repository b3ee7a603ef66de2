// The preload: the renderer's only bridge to the main process. A sandboxed preload cannot load
// our modules, so it forwards (method, input) on one channel; the main process checks the
// method against the contract and validates the input, exactly as the HTTP host does.
import { contextBridge, ipcRenderer } from 'electron';
import type { SarabanBridge } from '../../src-shared/contract.js';

const bridge = {
  invoke: (method, input) => ipcRenderer.invoke('saraban:api', method, input),
} satisfies SarabanBridge;

contextBridge.exposeInMainWorld('saraban', bridge);
