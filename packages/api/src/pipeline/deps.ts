import type { LoadZoneProvider } from "@barrage/providers";
import type { ZoneProvider } from "../db/schema/runs.js";
import type { SandboxLimits } from "../sandbox/index.js";
import type { ObjectStore } from "../storage/index.js";

/** A load zone as the pipeline hands it to {@link PipelineDeps.providerFor}. */
export interface LoadZone {
  id: number;
  name: string;
  /** The provider plugin that serves it. */
  provider: ZoneProvider;
  /** The most VUs one instance (one agent) of this zone runs. */
  vusPerAgent: number;
  config: Record<string, unknown>;
}

/** What the pipeline's tasks need from the platform around them. */
export interface PipelineDeps {
  /** Where run archives are stored. */
  objectStore: ObjectStore;
  /** The provider plugin that allocates instances in a zone. */
  providerFor(zone: LoadZone): LoadZoneProvider;
  /** Where agents call home and the CA they must accept for it, handed to the providers. */
  agentEndpoint: { apiUrl: string; caCertificatePem: string };
  /** Limits of the validation sandbox; `DEFAULT_SANDBOX_LIMITS` by default. */
  sandboxLimits?: SandboxLimits;
  /** How long a run waiting for a concurrency slot waits before admit checks again (default 2 s). */
  admitRecheckMs?: number;
}
