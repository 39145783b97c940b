// Test fixture for anvil.int.test.ts: a parent process that starts anvil, prints the anvil pid,
// then exits, crashes or waits for a signal as told. Run: node --import tsx anvil.fixture.ts <port> <mode> [pidFile]
import { startAnvil } from './anvil.ts';

const [port, mode, pidFile] = process.argv.slice(2);
const anvil = await startAnvil({ chainId: 31337, port: Number(port), ...(pidFile ? { pidFile } : {}) });
process.stdout.write(`${anvil.pid}\n`);
if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('fixture crash');
  }, 20);
} else if (mode === 'exit') {
  setTimeout(() => process.exit(0), 20);
} else if (mode === 'own-handler') {
  // An application that handles SIGTERM itself but forgets to stop its chains.
  process.on('SIGTERM', () => setTimeout(() => process.exit(0), 20));
  setInterval(() => {}, 1_000);
} else {
  setInterval(() => {}, 1_000);
}
