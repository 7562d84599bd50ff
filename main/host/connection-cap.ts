// A cap on open sockets (issue 13, defect 10): 1,100 idle sockets used to exhaust a 1,024 file limit and
// lock the real client out. Past the cap the oldest socket with no request under way is closed to make
// room, so a new client always gets in while idle ones are the ones that go; if every socket is busy,
// the newcomer is refused instead. A socket idle for idleMs (connected but silent, or kept alive after
// its last answer) is closed; while a request or a WebSocket is under way there is no idle clock.
import type { Socket } from 'node:net';

export class ConnectionCap {
  /** Insertion order = age; the value says whether a request (or a WebSocket) is under way. */
  private readonly sockets = new Map<Socket, boolean>();

  constructor(
    private readonly max: number,
    private readonly idleMs: number,
  ) {}

  get size(): number {
    return this.sockets.size;
  }

  add(socket: Socket): void {
    socket.once('close', () => this.sockets.delete(socket));
    if (this.sockets.size >= this.max) {
      const oldestIdle = [...this.sockets].find(([, busy]) => !busy)?.[0];
      if (!oldestIdle) return void socket.destroy();
      this.sockets.delete(oldestIdle);
      oldestIdle.destroy();
    }
    this.sockets.set(socket, false);
    socket.setTimeout(this.idleMs, () => socket.destroy());
  }

  busy(socket: Socket): void {
    if (!this.sockets.has(socket)) return;
    this.sockets.set(socket, true);
    socket.setTimeout(0);
  }

  idle(socket: Socket): void {
    if (!this.sockets.has(socket)) return;
    this.sockets.set(socket, false);
    socket.setTimeout(this.idleMs);
  }
}
