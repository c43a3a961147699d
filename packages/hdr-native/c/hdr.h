/*
 * Barrage HDR core: the log-linear bucket scheme of docs/reference/hdr-buckets.md, a histogram over it,
 * and the shared version-1 binary encoding. Plain C99 without dependencies, so the same code is compiled
 * into the PostgreSQL extension, the unit test binary and the fuzz target; the TypeScript twin in
 * ../src must agree with it bit for bit (../vectors/vectors.json proves it).
 *
 * Values are non-negative integers ("units"; microseconds for times). Nothing here allocates except
 * through the histogram's allocator, and nothing reads outside the bytes it is given.
 */
#ifndef BARRAGE_HDR_H
#define BARRAGE_HDR_H

#include <stddef.h>
#include <stdint.h>

/** Largest bucket index: the index of 2^64 - 1. */
#define HDR_MAX_INDEX 7423
/** Number of distinct bucket indexes. */
#define HDR_INDEX_COUNT (HDR_MAX_INDEX + 1)
/** First byte of every encoding this core writes and the only one it reads. */
#define HDR_ENCODING_VERSION 1
/** A u64 takes at most ten 7-bit groups. */
#define HDR_VARINT_MAX_BYTES 10

/** Outcome of an operation; every failure leaves the histogram it was given unchanged. */
typedef enum hdr_status {
  HDR_OK = 0,
  HDR_ERR_NOMEM,           /* the allocator returned NULL */
  HDR_ERR_OVERFLOW,        /* count or sum would pass 2^64 - 1 */
  HDR_ERR_QUANTILE,        /* a quantile outside [0, 1] or NaN */
  HDR_ERR_VERSION,         /* unknown encoding version */
  HDR_ERR_TRUNCATED,       /* input ends inside a field */
  HDR_ERR_VARINT_RANGE,    /* varint above 2^64 - 1 or longer than 10 bytes */
  HDR_ERR_OVERLONG,        /* varint with a redundant final zero byte */
  HDR_ERR_TRAILING,        /* bytes after the last bucket count */
  HDR_ERR_ZERO_GAP,        /* a later run that touches the previous one */
  HDR_ERR_ZERO_LENGTH,     /* a run of length 0 */
  HDR_ERR_ZERO_COUNT,      /* a bucket count of 0 inside a run */
  HDR_ERR_INDEX_RANGE,     /* a run reaching past HDR_MAX_INDEX */
  HDR_ERR_COUNT_MISMATCH,  /* bucket counts do not add up to count */
  HDR_ERR_EMPTY_NONZERO,   /* count 0 with runs, min or max */
  HDR_ERR_MIN_ABOVE_MAX,   /* min > max */
  HDR_ERR_MIN_BUCKET,      /* min not in the first non-empty bucket */
  HDR_ERR_MAX_BUCKET,      /* max not in the last non-empty bucket */
  HDR_ERR_SYNTAX           /* text form that does not follow the grammar of hdr_parse_text */
} hdr_status;

/** Why decoding or parsing failed: the status, where (byte offset into the input) and a sentence. */
typedef struct hdr_error {
  hdr_status status;
  size_t offset;
  char message[192];
} hdr_error;

/**
 * Where a histogram gets its bucket memory: `allocate` returns `size` bytes or NULL, `release` frees
 * them. The PostgreSQL extension passes palloc/pfree so memory follows its memory contexts.
 */
typedef struct hdr_allocator {
  void *(*allocate)(size_t size);
  void (*release)(void *ptr);
} hdr_allocator;

/** malloc and free. */
extern const hdr_allocator hdr_malloc_allocator;

/**
 * A histogram of units with exact count, sum, min and max. `counts` is a window over the indexes in
 * use: counts[k] is the count of index offset + k, and every slot outside the buckets of [min, max]
 * is zero. Read the public fields; change them only through the functions below.
 */
typedef struct hdr_histogram {
  uint64_t count;
  uint64_t sum;
  uint64_t min; /* 0 when empty */
  uint64_t max; /* 0 when empty */
  uint64_t *counts;
  int32_t offset;
  int32_t capacity;
  const hdr_allocator *allocator;
} hdr_histogram;

/** The bucket index of a value: the value itself below 256, else 128 buckets per power of two. */
int hdr_index(uint64_t value);

/**
 * The integer range of bucket `index` (0..HDR_MAX_INDEX) as [lower, highest], both inclusive:
 * the reference's exclusive upper bound is highest + 1, which for the last bucket is 2^64.
 */
void hdr_bounds(int index, uint64_t *lower, uint64_t *highest);

/** The value a bucket stands for: lower + (upper - lower - 1) / 2, so width-1 buckets are exact. */
double hdr_midpoint(int index);

/** Makes `h` an empty histogram that allocates through `allocator` (NULL for malloc). */
void hdr_init(hdr_histogram *h, const hdr_allocator *allocator);

/** Releases the bucket memory; `h` is empty and reusable afterwards. */
void hdr_free(hdr_histogram *h);

/** Forgets every value but keeps the bucket window, so reuse does not allocate. */
void hdr_reset(hdr_histogram *h);

/** Records `times` occurrences of `value` (0 times is a no-op). HDR_ERR_OVERFLOW, HDR_ERR_NOMEM. */
hdr_status hdr_record(hdr_histogram *h, uint64_t value, uint64_t times);

/** Adds every value of `from` to `into`; commutative and associative. HDR_ERR_OVERFLOW, HDR_ERR_NOMEM. */
hdr_status hdr_merge(hdr_histogram *into, const hdr_histogram *from);

/** The count of one bucket, 0 outside the window. */
uint64_t hdr_bucket_count(const hdr_histogram *h, int index);

/**
 * Values at `n` quantiles, each in [0, 1]: the midpoint of the bucket holding rank
 * max(1, ceil(q * count)), clamped to [min, max]; 0 when empty. HDR_ERR_QUANTILE names no index:
 * the caller knows its own array.
 */
hdr_status hdr_percentiles(const hdr_histogram *h, const double *qs, double *out, size_t n);

/** sum / count, 0 when empty. */
double hdr_mean(const hdr_histogram *h);

/** Population standard deviation of the (unclamped) bucket midpoints weighted by counts; 0 below 2 values. */
double hdr_stddev(const hdr_histogram *h);

/** Exact length of hdr_encode's output. */
size_t hdr_encoded_size(const hdr_histogram *h);

/** Writes the canonical version-1 encoding into `out`, which holds hdr_encoded_size(h) bytes; returns that size. */
size_t hdr_encode(const hdr_histogram *h, uint8_t *out);

/** Checks that `bytes` is a valid version-1 encoding without allocating. */
hdr_status hdr_validate(const uint8_t *bytes, size_t len, hdr_error *err);

/** Validates `bytes` and adds the histogram they encode to `h`; on any error `h` is unchanged. */
hdr_status hdr_merge_encoded(hdr_histogram *h, const uint8_t *bytes, size_t len, hdr_error *err);

/** Replaces the contents of `h` with the histogram `bytes` encode; on an invalid encoding `h` is unchanged. */
hdr_status hdr_decode(hdr_histogram *h, const uint8_t *bytes, size_t len, hdr_error *err);

/**
 * Replaces the contents of `h` with a histogram given as buckets (`n` indexes and their counts, in any
 * order, repeated indexes adding up) and its exact statistics, as the pure-SQL fallback stores it.
 * The result obeys the decoder's rules (counts add up to count, min and max in the outer buckets);
 * on any error `h` is unchanged.
 */
hdr_status hdr_from_buckets(hdr_histogram *h, const int32_t *indexes, const uint64_t *counts, size_t n,
                            uint64_t count, uint64_t sum, uint64_t min, uint64_t max, hdr_error *err);

/**
 * Writes the text form, NUL-terminated, into `out` of `cap` bytes (may be 0) and returns its length
 * without the NUL, like snprintf: call once with cap 0 to size the buffer. The form is
 *   {"count":3,"sum":1700,"min":200,"max":1000,"runs":[[200,[1]],[500,[1]],[1000,[1]]]}
 * where each run is [first bucket index, [counts of consecutive buckets]].
 */
size_t hdr_format_text(const hdr_histogram *h, char *out, size_t cap);

/**
 * Parses NUL-terminated `text` into `h` (replacing its contents; unchanged on error). Accepts the
 * form hdr_format_text writes, with any JSON whitespace between tokens and the keys in any order,
 * or "\x" followed by the hex digits of the binary encoding. Values obey the decoder's rules.
 */
hdr_status hdr_parse_text(hdr_histogram *h, const char *text, hdr_error *err);

#endif
