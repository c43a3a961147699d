import type { HttpHop } from "../../http/index.js";
import type { TagSeries } from "../../metrics/engine.js";
import { extendKey } from "../../metrics/tags.js";
import type { VirtualUser } from "../../vu/virtual-user.js";

/** What a request's samples are tagged with, besides the VU's own tags. */
interface HopTags {
  vuKey: string;
  method: string;
  url: string;
  name: string;
  status: number;
  expected: boolean;
  tlsVersion: string;
  errorCode: number;
  extraKey: string;
}

/**
 * The series of a VU's previous request. A VU usually repeats the same requests, so comparing a
 * handful of strings finds its series again without building and hashing the tag key.
 */
export interface HopSeriesCache extends HopTags {
  series: TagSeries | undefined;
}

/** An empty cache, one per VU. */
export function hopSeriesCache(): HopSeriesCache {
  return {
    vuKey: "",
    method: "",
    url: "",
    name: "",
    status: 0,
    expected: false,
    tlsVersion: "",
    errorCode: 0,
    extraKey: "",
    series: undefined,
  };
}

/**
 * Records one exchange as k6 does: `http_reqs`, the seven `http_req_*` timings,
 * `http_req_failed`, `data_sent` and `data_received`, tagged with proto, status, method, url, name,
 * expected_response, tls_version and error tags on top of the VU's and the request's own tags.
 */
export function recordHop(
  vu: VirtualUser,
  cache: HopSeriesCache,
  hop: HttpHop,
  name: string,
  expected: boolean,
  extraKey: string,
  extraTags: Record<string, string> | undefined,
): void {
  // Compared field by field, without building an object: this runs for every request.
  let series = cache.series;
  if (
    series === undefined ||
    cache.vuKey !== vu.tagsKey ||
    cache.url !== hop.url ||
    cache.status !== hop.status ||
    cache.method !== hop.method ||
    cache.name !== name ||
    cache.expected !== expected ||
    cache.errorCode !== hop.errorCode ||
    cache.tlsVersion !== hop.tlsVersion ||
    cache.extraKey !== extraKey
  ) {
    const wanted: HopTags = {
      vuKey: vu.tagsKey,
      method: hop.method,
      url: hop.url,
      name,
      status: hop.status,
      expected,
      tlsVersion: hop.tlsVersion,
      errorCode: hop.errorCode,
      extraKey,
    };
    series = findSeries(vu, hop, wanted, extraTags);
    Object.assign(cache, wanted, { series });
  }
  const m = vu.ctx.metrics;
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

function findSeries(
  vu: VirtualUser,
  hop: HttpHop,
  t: HopTags,
  extraTags: Record<string, string> | undefined,
): TagSeries {
  const status = String(t.status);
  const expected = t.expected ? "true" : "false";
  let key = extendKey(t.vuKey, "method", t.method);
  key = extendKey(key, "url", t.url);
  key = extendKey(key, "name", t.name);
  key = extendKey(key, "status", status);
  key = extendKey(key, "proto", hop.proto);
  key = extendKey(key, "expected_response", expected);
  if (t.tlsVersion) key = extendKey(key, "tls_version", t.tlsVersion);
  if (t.errorCode) key = extendKey(extendKey(key, "error", hop.error), "error_code", String(t.errorCode));
  key += t.extraKey;
  const base = vu.tags;
  return vu.ctx.engine.byKey(key, () => {
    const tags: Record<string, string> = {
      ...base,
      method: t.method,
      url: t.url,
      name: t.name,
      status,
      proto: hop.proto,
      expected_response: expected,
    };
    if (t.tlsVersion) tags.tls_version = t.tlsVersion;
    if (t.errorCode) {
      tags.error = hop.error;
      tags.error_code = String(t.errorCode);
    }
    return extraTags ? { ...tags, ...extraTags } : tags;
  });
}
