/** The run's archive: fetched, verified by its SHA-256, unpacked into a private temporary directory. */
export { fetchArchive, type UnpackedArchive } from "./fetch-archive.js";
export { safeArchivePath } from "./safe-path.js";
export { type ArchiveDocument, parseArchive, unpackArchive } from "./unpack.js";
