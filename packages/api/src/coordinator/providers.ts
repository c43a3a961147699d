import type { LoadZoneProvider } from "@barrage/providers";

/** The provider plugins of this platform by name, as `load_zones.provider` names them (`local`, `aws`, ...). */
export type ProviderRegistry = ReadonlyMap<string, LoadZoneProvider>;

/** The plugin of a zone's provider, or an error saying it is not configured. */
export function providerFor(providers: ProviderRegistry, name: string, what: string): LoadZoneProvider {
  const provider = providers.get(name);
  if (!provider)
    throw new Error(
      `no "${name}" provider plugin is configured (configured: ${[...providers.keys()].join(", ") || "none"}), so ${what}`,
    );
  return provider;
}
