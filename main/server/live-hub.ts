// Live delivery: every connected terminal holds one server-sent-events stream open (it called out,
// so NAT is no obstacle). On connect it names the last hint it applied (Last-Event-ID); the stream
// first sends every delivery after that, then each new one as it is routed. Deliveries live in the
// database, so a terminal that was away misses nothing; the stream is only how it hears sooner.

import type { ServerResponse } from 'node:http';
import type { HintStore } from './hints';

export const HEARTBEAT_MS = 15_000;
/** Also look in the database now and then: a delivery routed by another server process shows up. */
const SWEEP_MS = 10_000;

interface Connection {
  terminalId: string;
  res: ServerResponse;
  cursor: number;
  pumping: boolean;
  again: boolean;
}

export class LiveHub {
  private readonly connections = new Map<string, Set<Connection>>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly hints: HintStore,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.timers.push(
      setInterval(() => this.heartbeat(), HEARTBEAT_MS).unref(),
      setInterval(() => this.sweep(), SWEEP_MS).unref(),
    );
  }

  /** Serves one terminal's stream from after `cursor` until the terminal goes or is revoked. */
  attach(terminalId: string, res: ServerResponse, cursor: number): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // nginx and friends: do not hold events back in a buffer
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const connection: Connection = { terminalId, res, cursor, pumping: false, again: false };
    let set = this.connections.get(terminalId);
    if (!set) {
      set = new Set();
      this.connections.set(terminalId, set);
    }
    set.add(connection);
    res.on('close', () => {
      set.delete(connection);
      if (set.size === 0 && this.connections.get(terminalId) === set) this.connections.delete(terminalId);
    });
    void this.pump(connection);
  }

  /** New deliveries exist for these terminals. */
  wake(terminalIds: Iterable<string>): void {
    for (const id of terminalIds) {
      for (const connection of this.connections.get(id) ?? []) void this.pump(connection);
    }
  }

  isConnected(terminalId: string): boolean {
    return (this.connections.get(terminalId)?.size ?? 0) > 0;
  }

  /** Cuts every stream of a terminal (revoked): it is refused when it calls again. */
  disconnect(terminalId: string): void {
    for (const connection of this.connections.get(terminalId) ?? []) connection.res.destroy();
    this.connections.delete(terminalId);
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const set of this.connections.values()) for (const connection of set) connection.res.destroy();
    this.connections.clear();
  }

  private async pump(connection: Connection): Promise<void> {
    if (connection.pumping) {
      connection.again = true;
      return;
    }
    connection.pumping = true;
    try {
      do {
        connection.again = false;
        for (;;) {
          if (connection.res.destroyed) return;
          const batch = await this.hints.deliveriesAfter(connection.terminalId, connection.cursor);
          for (const hint of batch) {
            connection.res.write(`id: ${hint.cursor}\nevent: hint\ndata: ${JSON.stringify(hint)}\n\n`);
            connection.cursor = hint.cursor;
          }
          if (batch.length < 100) break;
        }
      } while (connection.again);
    } catch (error) {
      this.log(
        `live delivery to ${connection.terminalId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      connection.res.destroy();
    } finally {
      connection.pumping = false;
    }
  }

  private heartbeat(): void {
    for (const set of this.connections.values())
      for (const connection of set) connection.res.write(': ping\n\n');
  }

  private sweep(): void {
    for (const set of this.connections.values()) for (const connection of set) void this.pump(connection);
  }
}
