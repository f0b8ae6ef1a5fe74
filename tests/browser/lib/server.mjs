// Starts `cms serve --demo` on a free loopback port with a fresh SQLite
// database in a temporary folder, and stops it again (SIGTERM).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ bin: string, cwd: string }} options
 * @returns {Promise<{ origin: string, password: string, log: () => string, stop: () => Promise<void> }>}
 */
export async function startServer({ bin, cwd }) {
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: run \`cargo build -p server\` first`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'cms-browser-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dir}/cms.sqlite?mode=rwc`,
    CMS_BIND: `127.0.0.1:${port}`,
    CMS_BASE_URL: origin,
    RUST_LOG: process.env.RUST_LOG || 'info',
    NO_COLOR: '1',
  };
  const child = spawn(bin, ['serve', '--demo'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });

  const lines = [];
  const remember = (prefix) => (chunk) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() !== '') {
        // Never keep the password in the log we may print.
        lines.push(prefix + line.replace(/(Password \(shown once\): ).*/, '$1[hidden]'));
      }
    }
    if (lines.length > 400) {
      lines.splice(0, lines.length - 400);
    }
  };
  let password = null;
  let stdoutBuffer = '';
  child.stdout.on('data', (chunk) => {
    stdoutBuffer += chunk.toString('utf8');
    const m = stdoutBuffer.match(/^Password \(shown once\): (\S+)\s*$/m);
    if (m) {
      password = m[1];
    }
  });
  child.stdout.on('data', remember('out: '));
  child.stderr.on('data', remember('err: '));

  let exited = null;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const log = () => lines.join('\n');

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const result = await Promise.race([exitedPromise, sleep(STOP_TIMEOUT_MS, null)]);
      if (result === null) {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  // Make sure the server goes away even if this process is ended abruptly.
  const killOnExit = () => {
    if (exited === null) {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', killOnExit);

  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited !== null) {
        throw new Error(`cms exited during start-up (${JSON.stringify(exited)})`);
      }
      if (Date.now() > deadline) {
        throw new Error(`cms did not answer /healthz within ${START_TIMEOUT_MS / 1000} s`);
      }
      if (password !== null) {
        try {
          const res = await fetch(`${origin}/healthz`);
          if (res.ok) {
            break;
          }
        } catch {
          // Not listening yet.
        }
      }
      await sleep(100);
    }
  } catch (err) {
    await stop();
    err.message += `\n--- server output ---\n${log()}`;
    throw err;
  }
  return { origin, password, log, stop };
}
