/**
 * Where the platform keeps blobs such as run archives (design.md: S3, or a local directory by
 * default). Keys are relative paths of `/`-separated segments, e.g. `archives/<sha256>`.
 *
 * @example
 * await store.put(`archives/${sha256}`, bytes);
 * const bytes = await store.get(`archives/${sha256}`);
 */
export interface ObjectStore {
  /** Stores `bytes` under `key`, replacing what was there; readers see the old or the new bytes, never a mix. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`; throws {@link ObjectNotFoundError} when there are none. */
  get(key: string): Promise<Buffer>;
}

/** Thrown by {@link ObjectStore.get} for a key that holds nothing. */
export class ObjectNotFoundError extends Error {
  override readonly name = "ObjectNotFoundError";
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`the object store holds nothing under "${key}"`, options);
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Throws unless `key` is 1 to 8 segments of `A-Z a-z 0-9 . _ -`, each starting with a letter or
 * digit: no empty, `.` or `..` segment, no absolute path, nothing a file system or S3 would read
 * differently.
 */
export function checkObjectKey(key: string): void {
  const segments = typeof key === "string" ? key.split("/") : [];
  if (segments.length === 0 || segments.length > 8 || !segments.every((s) => SEGMENT.test(s)))
    throw new TypeError(
      `${JSON.stringify(key)} is not an object key: use 1 to 8 "/"-separated segments of A-Z a-z 0-9 . _ - starting with a letter or digit`,
    );
}
