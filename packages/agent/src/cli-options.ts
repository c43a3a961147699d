import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

/** What the `barrage-agent` command needs, from its flags or its environment. */
export interface CliOptions {
  apiUrl: string;
  token: string;
  caCertificatePem: string;
}

/** The help text printed with every command-line error. */
export const USAGE = `usage: barrage-agent --api URL --token TOKEN --ca FILE

  --api URL      the API's agent endpoint, https://host:port      (env BARRAGE_API)
  --token TOKEN  the one-time bootstrap token                      (env BARRAGE_TOKEN)
  --ca FILE      the platform CA certificate, PEM file             (env BARRAGE_CA: a file or the PEM itself)

Prefer BARRAGE_TOKEN to --token: command lines are visible to every user of the machine.`;

/**
 * Reads the command line and the environment; a flag wins over its variable. `--ca` names a PEM
 * file; `BARRAGE_CA` may also hold the PEM itself, for providers that pass it inline (user data).
 * Throws an error naming what is missing, followed by the usage.
 *
 * @example
 * const options = await parseCliOptions(process.argv.slice(2), process.env);
 */
export async function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<CliOptions> {
  let values: { api?: string; token?: string; ca?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { api: { type: "string" }, token: { type: "string" }, ca: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  const apiUrl = values.api ?? env.BARRAGE_API;
  const token = values.token ?? env.BARRAGE_TOKEN;
  const ca = values.ca ?? env.BARRAGE_CA;
  const missing = [
    apiUrl ? undefined : "--api (or BARRAGE_API)",
    token ? undefined : "--token (or BARRAGE_TOKEN)",
    ca ? undefined : "--ca (or BARRAGE_CA)",
  ].filter(Boolean);
  if (!apiUrl || !token || !ca) throw new Error(`missing ${missing.join(", ")}\n\n${USAGE}`);
  return { apiUrl, token, caCertificatePem: await readCaCertificate(ca, values.ca !== undefined) };
}

/**
 * The platform CA certificate from `value`: a PEM file's path, or (not from a flag) the PEM itself,
 * as providers pass it inline. Throws naming the file when it cannot be read or holds no certificate.
 *
 * @example const caPem = await readCaCertificate("/etc/barrage/ca.pem", true);
 */
export async function readCaCertificate(value: string, fromFlag: boolean): Promise<string> {
  if (!fromFlag && value.trimStart().startsWith("-----BEGIN CERTIFICATE-----")) return value;
  let pem: string;
  try {
    pem = await readFile(value, "utf8");
  } catch (error) {
    throw new Error(`cannot read the CA certificate file ${value}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----"))
    throw new Error(`${value} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  return pem;
}
