import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { injectCsp } from './src-main/shell/csp.js';

// index.html's CSP meta comes from the one constant the HTTP host and Electron send too.
const csp: Plugin = { name: 'saraban-csp', transformIndexHtml: (html) => injectCsp(html) };

// Relative base: the same build is loaded from app:// by Electron and from the HTTP host.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), csp],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'chrome120',
  },
});
