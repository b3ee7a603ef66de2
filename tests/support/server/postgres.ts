// A throw-away PostgreSQL 15 server (Debian's binaries) for the bench and for manual runs of the
// server suite: initdb into a temp folder, pg_ctl start on a loopback port, trust auth for the
// local user only. As root it runs as the postgres user (PostgreSQL refuses to run as root).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowAwayPostgres {
  url: string;
  /** pg_ctl stop -m fast: every connection is terminated ("administrator command"); the data stays. */
  halt(): void;
  /** Starts the same cluster again on the same port. */
  resume(): void;
  stop(): void;
}

export function postgresAvailable(): boolean {
  return existsSync(join(BIN, 'initdb'));
}

function asPostgres(cmd: string, args: string[]): void {
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
  else execFileSync(cmd, args, { stdio: 'pipe' });
}

export function startPostgres(port = 50_000 + Math.floor(Math.random() * 10_000)): ThrowAwayPostgres {
  const dir = mkdtempSync(join(tmpdir(), 'saraban-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  asPostgres(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const start = () =>
    asPostgres(join(BIN, 'pg_ctl'), [
      '-D', data, '-l', join(dir, 'log'), '-w',
      '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=on`,
      'start',
    ]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => asPostgres(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: start,
    stop() {
      try {
        asPostgres(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
