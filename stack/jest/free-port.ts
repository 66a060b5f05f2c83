import net from 'node:net';

/*
 * Ports come from below the kernel's ephemeral range (32768 and up on Linux): a port that listen(0) hands out
 * can be taken a moment later as the local end of some process's outgoing connection (Keycloak to PostgreSQL,
 * say) before the engine that was given it binds it.
 */
const lowest = 20000;
const span = 12000;
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port that was free a moment ago on loopback (the engines bind it right after). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = lowest + Math.floor(Math.random() * span);
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found between ${lowest} and ${lowest + span}`);
}
