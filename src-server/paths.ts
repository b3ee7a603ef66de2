// Where the server's own files live. The server runs from source (npm run server: tsx
// src-server/cli.ts; it is not part of the desktop build), so they are beside this folder.
// The server shares nothing with the desktop's core (src-main).
import { fileURLToPath } from 'node:url';

export const serverMigrationsDir = (): string => fileURLToPath(new URL('../migrations/server/', import.meta.url));
