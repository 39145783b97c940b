import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// A process with nothing else left to wait on (a worker whose database connections were all
// ended by the server) must still run until it is told to stop.
it('onShutdown keeps the process up until SIGTERM, then runs the stop function', { timeout: 60_000 }, async () => {
  const script = `
    const { onShutdown } = await import(${JSON.stringify(join(here, 'shutdown.ts'))});
    onShutdown(async () => { process.stdout.write('stopped\\n'); });
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((ok, fail) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('ready')) ok();
    });
    child.on('exit', () => fail(new Error(`exited before ready: ${out}`)));
  });
  // Let the event loop run empty: without a hold on it the child exits here, before the signal.
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(out).toContain('stopped');
});
