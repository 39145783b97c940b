// Preloaded into the dev bundler (alto) with `node --import`: alto always listens on 0.0.0.0 and
// has no option to choose the interface, so every TCP listen of that process is pinned to the
// host in KEEL_BUNDLER_HOST (127.0.0.1). Plain JavaScript: it runs before any TypeScript loader.
// It also ends the bundler when the process that started it is gone (a hard-killed `keel dev`),
// so no bundler is left behind holding its port.
import net from 'node:net';

const host = process.env.KEEL_BUNDLER_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function keelLoopbackListen(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string' || args[1] === undefined || args[1] === null) args[1] = host;
    else args.splice(1, 0, host);
  } else if (first && typeof first === 'object' && !Array.isArray(first) && first.path === undefined) {
    const isHandle = '_handle' in first || 'fd' in first;
    if (!isHandle) args[0] = { ...first, host };
  }
  return listen.apply(this, args);
};

const parent = Number(process.env.KEEL_BUNDLER_PARENT_PID);
if (Number.isInteger(parent) && parent > 0) {
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 500).unref();
}
