import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative base: the same build is loaded from file:// by Electron and from the HTTP host.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'chrome120',
  },
});
