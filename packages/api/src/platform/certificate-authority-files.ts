import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type CertificateAuthority,
  createCertificateAuthority,
  loadCertificateAuthority,
} from "../agents/ca/index.js";

/**
 * The platform CA of a one-process platform, kept in the state directory (key file mode 0600) so
 * that agents started before a restart still trust the API after it. Created on first start.
 */
export async function loadOrCreateCertificateAuthority(stateDir: string): Promise<CertificateAuthority> {
  const directory = join(stateDir, "ca");
  const certificateFile = join(directory, "ca.pem");
  const keyFile = join(directory, "ca-key.pem");
  try {
    const [certificatePem, privateKeyPem] = await Promise.all([
      readFile(certificateFile, "utf8"),
      readFile(keyFile, "utf8"),
    ]);
    return await loadCertificateAuthority({ certificatePem, privateKeyPem });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`cannot load the platform CA from ${directory}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const pems = await createCertificateAuthority({ commonName: "Barrage platform CA" });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await writeFile(certificateFile, pems.certificatePem, { mode: 0o644 });
  await writeFile(keyFile, pems.privateKeyPem, { mode: 0o600 });
  return loadCertificateAuthority(pems);
}
