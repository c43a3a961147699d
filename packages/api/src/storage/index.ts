/**
 * The object store: blobs such as run archives, by key. A local directory by default; an S3
 * implementation would serve the same interface.
 *
 * @example
 * const store: ObjectStore = new LocalDirectoryObjectStore(join(stateDir, "objects"));
 * await store.put(`archives/${sha256}`, bytes);
 */
export { LocalDirectoryObjectStore } from "./local-directory-store.js";
export { checkObjectKey, ObjectNotFoundError, type ObjectStore } from "./object-store.js";
