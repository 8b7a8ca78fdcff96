/**
 * A fake Slack Socket Mode endpoint on loopback: a minimal WebSocket server
 * (RFC 6455 handshake and text frames, no extensions) that greets a client
 * with `hello`, sends it envelopes as Slack does (`slash_commands`,
 * `interactive`, `events_api`), and records the acknowledgements it sends
 * back (`{ envelope_id, payload }`).
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface SocketModeAck {
  envelope_id: string;
  payload?: unknown;
  at: number;
}

export interface FakeSocketMode {
  /** What apps.connections.open should return as `url`. */
  url: string;
  /** Resolves once a client has connected and been greeted. */
  connected: Promise<void>;
  /** Sends an envelope; resolves with its envelope id and the instant it was sent. */
  send(type: "slash_commands" | "interactive" | "events_api", payload: unknown): { envelopeId: string; sentAt: number };
  /** Resolves with the client's acknowledgement of `envelopeId`. */
  ackOf(envelopeId: string, timeoutMs?: number): Promise<SocketModeAck>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const acks: SocketModeAck[] = [];
  const waiters = new Set<() => void>();
  let client: Socket | undefined;
  let greet: () => void = () => {};
  const connected = new Promise<void>((resolve) => (greet = resolve));

  const server = createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  server.on("upgrade", (req, socket: Socket) => {
    const key = req.headers["sec-websocket-key"];
    const accept = createHash("sha1").update(`${key}${GUID}`).digest("base64");
    socket.write(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "", ""].join("\r\n"));
    client = socket;
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) break;
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 0x1) {
          const message = JSON.parse(frame.payload.toString("utf8")) as { envelope_id: string; payload?: unknown };
          acks.push({ ...message, at: Date.now() });
          for (const wake of waiters) wake();
        } else if (frame.opcode === 0x9) {
          socket.write(frameOf(0xa, frame.payload));
        } else if (frame.opcode === 0x8) {
          socket.end(frameOf(0x8, frame.payload.subarray(0, 2)));
        }
      }
    });
    socket.on("error", () => {});
    socket.write(frameOf(0x1, Buffer.from(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "applink-fake", approximate_connection_time: 18060 }, connection_info: { app_id: "A0METRICS1" } }))));
    greet();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=A0METRICS1`,
    connected,
    send(type, payload) {
      if (!client) throw new Error("no Socket Mode client is connected");
      const envelopeId = randomUUID();
      const sentAt = Date.now();
      client.write(frameOf(0x1, Buffer.from(JSON.stringify({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== "events_api" }))));
      return { envelopeId, sentAt };
    },
    ackOf: (envelopeId, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const ack = acks.find((a) => a.envelope_id === envelopeId);
          if (!ack) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(ack);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no acknowledgement of envelope ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () =>
      new Promise((resolve) => {
        client?.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A server frame: FIN, the opcode, the length, unmasked payload. */
function frameOf(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** One client frame (always masked) from the front of `buffer`, or null while it is incomplete. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buffer.length < 2) return null;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskBytes = masked ? 4 : 0;
  if (buffer.length < offset + maskBytes + length) return null;
  const mask = buffer.subarray(offset, offset + maskBytes);
  const payload = Buffer.from(buffer.subarray(offset + maskBytes, offset + maskBytes + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
  return { opcode, payload, length: offset + maskBytes + length };
}
