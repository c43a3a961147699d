import { badInput } from "../errors.js";

/** Bounds on what people write on a run: enough for a sentence or a CI link, not for a log. */
export const RUN_LABEL_LIMITS = { noteLength: 10_000, tagCount: 50, tagLength: 100 } as const;

const TAG = /^[^\s,][^,]*$/;

/**
 * Checks a run's tags and returns them without duplicates, in the order given. A tag is
 * non-empty, has no comma (so `tags` filters can list several) and does not start with a space.
 */
export function validateTags(tags: readonly string[], field: string): string[] {
  const unique = [...new Set(tags)];
  if (unique.length > RUN_LABEL_LIMITS.tagCount) {
    throw badInput(field, `A run may have at most ${RUN_LABEL_LIMITS.tagCount} tags, not ${unique.length}`);
  }
  for (const tag of unique) {
    if (!TAG.test(tag) || tag.length > RUN_LABEL_LIMITS.tagLength) {
      throw badInput(
        field,
        `Tag "${tag.slice(0, 120)}" is not allowed: tags are 1 to ${RUN_LABEL_LIMITS.tagLength} characters, ` +
          "without commas, not starting with a space",
      );
    }
  }
  return unique;
}

/** Checks a run's note; an empty note is stored as none. */
export function validateNote(note: string | null | undefined, field: string): string | null {
  if (!note) return null;
  if (note.length > RUN_LABEL_LIMITS.noteLength) {
    throw badInput(
      field,
      `A note may have at most ${RUN_LABEL_LIMITS.noteLength} characters, not ${note.length}`,
    );
  }
  return note;
}
