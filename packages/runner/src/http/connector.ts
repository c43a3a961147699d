import net from "node:net";
import tls from "node:tls";
import type { buildConnector } from "undici";
import type { HostOverrides } from "./hosts.js";

/** TLS settings of a VU (k6's `tlsAuth`, `tlsVersion`, `tlsCipherSuites` map onto these). */
export interface TlsSettings {
  /** false accepts any certificate (k6 `insecureSkipTLSVerify`). */
  rejectUnauthorized: boolean;
  ca?: tls.ConnectionOptions["ca"];
  cert?: tls.ConnectionOptions["cert"];
  key?: tls.ConnectionOptions["key"];
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
}

/** How a VU opens connections. */
export interface ConnectSettings {
  tls: TlsSettings;
  /** Local address to connect from (k6 `localIPs`). */
  localAddress?: string;
  /** DNS resolution, e.g. a cache shared by all VUs; Node's `dns.lookup` when absent. */
  lookup?: net.LookupFunction;
  /** k6's `hosts` option: names that connect elsewhere than DNS says. */
  hosts?: HostOverrides;
}

/**
 * Byte counters of a connection: its TCP handle, which under TLS sees the encrypted bytes, so that
 * the handshake and record overhead count as they do in k6.
 */
export interface WireCounter {
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

/**
 * What the connector learnt about the latest socket of one connection. The request that finds
 * `fresh` set when it gets the socket is the one that waited for the connect, and takes its times.
 */
export interface ConnectTrace {
  socket: net.Socket | null;
  wire: WireCounter | null;
  fresh: boolean;
  connectStart: number;
  connectEnd: number;
  /** 0 for plain HTTP. */
  tlsEnd: number;
  remoteIp: string;
  remotePort: number;
  tlsVersion: string;
  tlsCipherSuite: string;
}

/** An empty trace for a connection that has not connected yet. */
export function emptyConnectTrace(): ConnectTrace {
  return {
    socket: null,
    wire: null,
    fresh: false,
    connectStart: 0,
    connectEnd: 0,
    tlsEnd: 0,
    remoteIp: "",
    remotePort: 0,
    tlsVersion: "",
    tlsCipherSuite: "",
  };
}

// k6 names TLS versions "tls1.2"; Node reports "TLSv1.2".
const TLS_VERSION_NAMES: Record<string, string> = {
  "TLSv1.3": "tls1.3",
  "TLSv1.2": "tls1.2",
  "TLSv1.1": "tls1.1",
  TLSv1: "tls1.0",
  SSLv3: "ssl3.0",
};

// Same as undici's own connector: detect dead peers of long-idle keep-alive connections.
const TCP_KEEPALIVE_DELAY_MS = 60_000;

/**
 * Builds the `connect` function undici's Client calls to open its socket: plain TCP or TLS with
 * the VU's settings, timing TCP connect (after DNS) and the TLS handshake into `trace`. TLS
 * sessions are never resumed, so every new connection of every VU pays a full handshake, as in k6.
 * `onClosed` runs when the connection's current socket has closed.
 */
export function createTimedConnector(
  settings: ConnectSettings,
  trace: ConnectTrace,
  onClosed: () => void,
): buildConnector.connector {
  return (options, callback) => {
    const secure = options.protocol === "https:";
    const override = settings.hosts?.get(options.hostname.toLowerCase());
    const host = override?.address ?? options.hostname;
    const port = override?.port ?? (Number(options.port) || (secure ? 443 : 80));
    const isName = net.isIP(host) === 0;
    // The server name is the URL's, even when `hosts` sends the connection to an address.
    const serverName = net.isIP(options.hostname) === 0 ? options.hostname : undefined;
    const tcp: net.TcpNetConnectOpts = {
      host,
      port,
      localAddress: settings.localAddress,
      lookup: settings.lookup,
    };
    // tls.connect hands socket options such as localAddress on to net, though its type leaves them out.
    const tlsSocket = secure
      ? tls.connect({
          ...settings.tls,
          ...tcp,
          // SNI must not carry an IP address (RFC 6066).
          servername: serverName,
          ALPNProtocols: ["http/1.1"],
        } as tls.ConnectionOptions)
      : null;
    const socket = tlsSocket ?? net.connect(tcp);
    trace.socket = socket;
    trace.wire = null;
    trace.fresh = false;
    trace.connectStart = performance.now();
    trace.connectEnd = 0;
    trace.tlsEnd = 0;
    let pending: buildConnector.Callback | null = callback;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, TCP_KEEPALIVE_DELAY_MS);
    // DNS is blocked time in k6, not connecting: restart the clock once the address is known.
    // An IP address is not looked up, and a listener that never fires would stay for good.
    if (isName) {
      socket.once("lookup", () => {
        trace.connectStart = performance.now();
      });
    }
    socket.once("connect", () => {
      trace.connectEnd = performance.now();
      trace.wire = tcpHandleOf(socket);
      trace.remoteIp = socket.remoteAddress ?? "";
      trace.remotePort = socket.remotePort ?? 0;
    });
    socket.once(secure ? "secureConnect" : "connect", () => {
      if (tlsSocket !== null) {
        trace.tlsEnd = performance.now();
        const version = tlsSocket.getProtocol() ?? "";
        trace.tlsVersion = TLS_VERSION_NAMES[version] ?? version.toLowerCase();
        trace.tlsCipherSuite = tlsSocket.getCipher()?.standardName ?? "";
      }
      trace.fresh = true;
      const done = pending;
      pending = null;
      done?.(null, socket);
    });
    socket.once("close", () => {
      if (trace.socket === socket) onClosed();
    });
    // Stays for the life of the socket: undici attaches its own listener only a tick later.
    socket.on("error", (error) => {
      const done = pending;
      pending = null;
      done?.(error, null);
    });
  };
}

// The native handle's counters are plain reads, where net.Socket's bytesWritten getter copies the
// write queue on every call. A TLSSocket made by tls.connect() keeps its TCP handle as
// `_handle._parent`; a plain socket's `_handle` is the TCP handle (known once connected, as happy
// eyeballs may have tried others). A closed handle reads 0, so callers read before letting go.
// Should a Node version hide these, the socket's own (clear-text) counters remain.
function tcpHandleOf(socket: net.Socket): WireCounter {
  const handle = (
    socket as unknown as { _handle?: Partial<WireCounter> & { _parent?: Partial<WireCounter> } }
  )._handle;
  const tcp = socket instanceof tls.TLSSocket ? handle?._parent : handle;
  return typeof tcp?.bytesRead === "number" && typeof tcp.bytesWritten === "number"
    ? (tcp as WireCounter)
    : socket;
}
