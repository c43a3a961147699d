/* Helpers shared by the files of the HDR core; not part of its public API (hdr.h). */
#ifndef BARRAGE_HDR_INTERNAL_H
#define BARRAGE_HDR_INTERNAL_H

#include "hdr.h"

/** Grows or moves the window of `h` to cover indexes first..last. HDR_ERR_NOMEM. */
hdr_status hdr_make_room(hdr_histogram *h, int first, int last);

/** Adds `times` values from [lo, hi] summing to `sum` to the exact statistics; the caller checked overflow. */
void hdr_add_stats(hdr_histogram *h, uint64_t times, uint64_t sum, uint64_t lo, uint64_t hi);

/**
 * Finds the first maximal run of non-empty buckets at or after index `from` (up to the bucket of max);
 * sets *start and *length and returns 1, or returns 0 when there is none.
 */
int hdr_next_run(const hdr_histogram *h, int from, int *start, int *length);

/** Writes the LEB128 varint of `value` at `out` and returns the position after it. */
uint8_t *hdr_put_varint(uint8_t *out, uint64_t value);

/** Fills `err` (if not NULL) with `status`, `offset` and a printf-formatted message; returns `status`. */
hdr_status hdr_fail(hdr_error *err, hdr_status status, size_t offset, const char *format, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
