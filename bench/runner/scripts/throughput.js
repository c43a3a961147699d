// Barrage's side of the throughput comparison: every VU requests the URL back to back,
// like autocannon's connections and Artillery's looping VUs. VUs and duration come from the CLI.
import http from "k6/http";

export default async function () {
  await http.get(__ENV.URL);
}
