import { isAbsolute, posix, resolve, sep } from "node:path";

/**
 * Where an archive entry may be written: `name` must be a relative path of plain segments inside
 * `root`. Absolute paths, drive letters, backslashes, `..`, `.` and empty segments are refused
 * rather than normalized, so that no name can resolve outside the directory however it is spelt.
 */
export function safeArchivePath(root: string, name: string): string {
  const refuse = (why: string): never => {
    throw new Error(`archive entry ${JSON.stringify(name)} is refused: ${why}`);
  };
  if (name.length === 0) refuse("the name is empty");
  if (name.includes("\0")) refuse("it contains a NUL character");
  if (name.includes("\\")) refuse("it contains a backslash; use / between directories");
  if (posix.isAbsolute(name) || isAbsolute(name) || /^[A-Za-z]:/.test(name)) refuse("it is an absolute path");
  for (const segment of name.split("/")) {
    if (segment === "..") refuse('it contains ".."');
    if (segment === "" || segment === ".") refuse("it contains an empty or '.' path segment");
  }
  const target = resolve(root, name);
  if (!target.startsWith(resolve(root) + sep)) refuse("it resolves outside the archive directory");
  return target;
}
