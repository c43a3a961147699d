import type { HttpHop } from "../../http/index.js";
import { extendKey } from "../../metrics/tags.js";
import type { VirtualUser } from "../../vu/virtual-user.js";

/**
 * Records one exchange as k6 does: `http_reqs`, the seven `http_req_*` timings,
 * `http_req_failed`, `data_sent` and `data_received`, tagged with proto, status, method, url, name,
 * expected_response, tls_version and error tags on top of the VU's and the request's own tags.
 */
export function recordHop(
  vu: VirtualUser,
  hop: HttpHop,
  name: string,
  expected: boolean,
  extraKey: string,
  extraTags: Record<string, string> | undefined,
): void {
  const m = vu.ctx.metrics;
  let key = extendKey(vu.tagsKey, "method", hop.method);
  key = extendKey(key, "url", hop.url);
  key = extendKey(key, "name", name);
  key = extendKey(key, "status", String(hop.status));
  key = extendKey(key, "proto", hop.proto);
  key = extendKey(key, "expected_response", expected ? "true" : "false");
  if (hop.tlsVersion) key = extendKey(key, "tls_version", hop.tlsVersion);
  if (hop.errorCode) key = extendKey(extendKey(key, "error", hop.error), "error_code", String(hop.errorCode));
  key += extraKey;
  const base = vu.tags;
  const series = vu.ctx.engine.byKey(key, () => {
    const tags: Record<string, string> = {
      ...base,
      method: hop.method,
      url: hop.url,
      name,
      status: String(hop.status),
      proto: hop.proto,
      expected_response: expected ? "true" : "false",
    };
    if (hop.tlsVersion) tags.tls_version = hop.tlsVersion;
    if (hop.errorCode) {
      tags.error = hop.error;
      tags.error_code = String(hop.errorCode);
    }
    return extraTags ? { ...tags, ...extraTags } : tags;
  });
  const t = hop.timings;
  series.add(m.http_reqs, 1);
  series.add(m.http_req_duration, t.duration);
  series.add(m.http_req_blocked, t.blocked);
  series.add(m.http_req_connecting, t.connecting);
  series.add(m.http_req_tls_handshaking, t.tls_handshaking);
  series.add(m.http_req_sending, t.sending);
  series.add(m.http_req_waiting, t.waiting);
  series.add(m.http_req_receiving, t.receiving);
  series.add(m.http_req_failed, expected ? 0 : 1);
  series.add(m.data_sent, hop.bytesSent);
  series.add(m.data_received, hop.bytesReceived);
}
