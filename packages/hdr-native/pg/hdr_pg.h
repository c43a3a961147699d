/*
 * Glue between the HDR core (../c/hdr.h) and PostgreSQL: memory from palloc, errors as ereport, and
 * the conversion between the metric's unit (what SQL sees) and integer units (what the core counts).
 */
#ifndef BARRAGE_HDR_PG_H
#define BARRAGE_HDR_PG_H

#include "postgres.h"

#include "hdr.h"

/** Units per unit of the metric: three decimals kept exactly (microseconds for milliseconds). */
#define HDR_UNITS_PER_VALUE 1000.0

/** palloc and pfree in the current memory context; palloc raises ERROR instead of returning NULL. */
extern const hdr_allocator hdr_pg_allocator;

/** Raises ERROR with `sqlerrcode` and the core's message about `what` (e.g. "hdr value"). */
pg_attribute_noreturn() void hdr_pg_raise(const hdr_error *err, int sqlerrcode, const char *what);

/** Decodes a varlena (hdr or bytea) into `h`, raising ERROR on an invalid encoding. */
void hdr_pg_decode(hdr_histogram *h, struct varlena *value);

/** Adds the histogram a varlena (hdr or bytea) encodes to `h`, raising ERROR on an invalid encoding. */
void hdr_pg_merge(hdr_histogram *h, struct varlena *value);

/** A new varlena (hdr or bytea, same layout) holding the encoding of `h`. */
bytea *hdr_pg_encode(const hdr_histogram *h);

/** Units for a value in the metric's unit: round(value * 1000), negatives as 0; ERROR on NaN or past u64. */
uint64 hdr_pg_to_units(float8 value);

/** A value in units (as the core reports it) in the metric's unit. */
static inline float8 hdr_pg_from_units(double units) { return units / HDR_UNITS_PER_VALUE; }

#endif
