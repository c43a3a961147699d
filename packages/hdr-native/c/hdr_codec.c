/*
 * The shared version-1 binary encoding (see hdr.h and the package README): a version byte, then
 * count, sum, min, max, the number of runs and per run its gap, length and counts, all unsigned
 * LEB128 varints. Decoding validates in the same order and with the same messages as the
 * TypeScript twin (src/decode.ts), so both name the same broken rule for the same bytes.
 */
#include <stdarg.h>
#include <stdio.h>

#include "hdr.h"
#include "hdr_internal.h"

#define CONTINUE 0x80u
#define PAYLOAD 0x7fu

hdr_status hdr_fail(hdr_error *err, hdr_status status, size_t offset, const char *format, ...) {
  va_list args;
  if (!err) return status;
  err->status = status;
  err->offset = offset;
  va_start(args, format);
  vsnprintf(err->message, sizeof err->message, format, args);
  va_end(args);
  return status;
}

static size_t varint_size(uint64_t value) {
  size_t size = 1;
  while (value >= CONTINUE) {
    value >>= 7;
    size++;
  }
  return size;
}

uint8_t *hdr_put_varint(uint8_t *out, uint64_t value) {
  while (value >= CONTINUE) {
    *out++ = (uint8_t)((value & PAYLOAD) | CONTINUE);
    value >>= 7;
  }
  *out++ = (uint8_t)value;
  return out;
}

/* The exact statistics an encoding starts with; hdr_from_buckets writes ones the buckets did not produce. */
typedef struct header {
  uint64_t count, sum, min, max, runs;
} header;

static header stats_of(const hdr_histogram *h) {
  header hd;
  hd.count = h->count;
  hd.sum = h->sum;
  hd.min = h->min;
  hd.max = h->max;
  hd.runs = 0;
  return hd;
}

/* Size of the encoding of the buckets of `h` after the header `hd`; counts the runs into hd->runs. */
static size_t encoded_size(const hdr_histogram *h, header *hd) {
  size_t size = 1 + varint_size(hd->count) + varint_size(hd->sum) + varint_size(hd->min) + varint_size(hd->max);
  int start, length, previous_end = 0, from, k;
  hd->runs = 0;
  for (from = 0; hdr_next_run(h, from, &start, &length); from = start + length) {
    size += varint_size((uint64_t)(start - previous_end)) + varint_size((uint64_t)length);
    for (k = start; k < start + length; k++) size += varint_size(h->counts[k - h->offset]);
    previous_end = start + length;
    hd->runs++;
  }
  return size + varint_size(hd->runs);
}

/* Writes the header `hd` (with its runs counted by encoded_size) and the buckets of `h`. */
static size_t encode(const hdr_histogram *h, const header *hd, uint8_t *out) {
  uint8_t *p = out;
  int start, length, previous_end = 0, from, k;
  *p++ = HDR_ENCODING_VERSION;
  p = hdr_put_varint(p, hd->count);
  p = hdr_put_varint(p, hd->sum);
  p = hdr_put_varint(p, hd->min);
  p = hdr_put_varint(p, hd->max);
  p = hdr_put_varint(p, hd->runs);
  for (from = 0; hdr_next_run(h, from, &start, &length); from = start + length) {
    p = hdr_put_varint(p, (uint64_t)(start - previous_end));
    p = hdr_put_varint(p, (uint64_t)length);
    for (k = start; k < start + length; k++) p = hdr_put_varint(p, h->counts[k - h->offset]);
    previous_end = start + length;
  }
  return (size_t)(p - out);
}

size_t hdr_encoded_size(const hdr_histogram *h) {
  header hd = stats_of(h);
  return encoded_size(h, &hd);
}

size_t hdr_encode(const hdr_histogram *h, uint8_t *out) {
  header hd = stats_of(h);
  encoded_size(h, &hd);
  return encode(h, &hd, out);
}

/* What a varint holds, for error messages; `number` fills the %lu of the run and bucket fields. */
typedef struct field {
  const char *format;
  unsigned long number;
} field;

typedef struct reader {
  const uint8_t *bytes;
  size_t len;
  size_t pos;
  hdr_error *err;
} reader;

/* The general case of read_varint; messages are built only on failure. */
static hdr_status read_long_varint(reader *r, uint64_t *out, field what) {
  size_t start = r->pos;
  uint64_t value = 0;
  char name[48];
  int i;
  for (i = 0;; i++) {
    unsigned byte;
    if (r->pos >= r->len) {
      snprintf(name, sizeof name, what.format, what.number);
      return hdr_fail(r->err, HDR_ERR_TRUNCATED, start, "truncated input: the varint of %s runs past the end",
                      name);
    }
    byte = r->bytes[r->pos++];
    value |= (uint64_t)(byte & PAYLOAD) << (7 * i);
    if ((byte & CONTINUE) == 0) {
      if (i == HDR_VARINT_MAX_BYTES - 1 && byte > 1) {
        snprintf(name, sizeof name, what.format, what.number);
        return hdr_fail(r->err, HDR_ERR_VARINT_RANGE, start,
                        "varint exceeds u64: the value of %s is above 2^64 - 1", name);
      }
      if (i > 0 && byte == 0) {
        snprintf(name, sizeof name, what.format, what.number);
        return hdr_fail(r->err, HDR_ERR_OVERLONG, start,
                        "overlong varint: the varint of %s ends in a zero byte; the shortest form is required",
                        name);
      }
      *out = value;
      return HDR_OK;
    }
    if (i == HDR_VARINT_MAX_BYTES - 1) {
      snprintf(name, sizeof name, what.format, what.number);
      return hdr_fail(r->err, HDR_ERR_VARINT_RANGE, start,
                      "varint exceeds u64: the varint of %s is longer than 10 bytes", name);
    }
  }
}

/*
 * Reads one varint. Most bucket counts, gaps and lengths take one byte, so that case is inlined and
 * the rest is left to read_long_varint; this halves the time to merge a typical histogram.
 */
static inline hdr_status read_varint(reader *r, uint64_t *out, field what) {
  if (r->pos < r->len && r->bytes[r->pos] < CONTINUE) {
    *out = r->bytes[r->pos++];
    return HDR_OK;
  }
  return read_long_varint(r, out, what);
}

static uint64_t saturating_add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

static hdr_status read_header(reader *r, header *hd) {
  static const char *const names[] = {"count", "sum", "min", "max", "the number of runs"};
  uint64_t *slots[5];
  size_t runs_at = 0;
  int k;
  slots[0] = &hd->count;
  slots[1] = &hd->sum;
  slots[2] = &hd->min;
  slots[3] = &hd->max;
  slots[4] = &hd->runs;
  if (r->len == 0) return hdr_fail(r->err, HDR_ERR_TRUNCATED, 0, "truncated input: no bytes, expected a version byte");
  if (r->bytes[0] != HDR_ENCODING_VERSION) {
    return hdr_fail(r->err, HDR_ERR_VERSION, 0, "unknown version %u, only version %d is known", r->bytes[0],
                    HDR_ENCODING_VERSION);
  }
  r->pos = 1;
  for (k = 0; k < 5; k++) {
    field what;
    hdr_status status;
    what.format = names[k];
    what.number = 0;
    if (k == 4) runs_at = r->pos;
    status = read_varint(r, slots[k], what);
    if (status != HDR_OK) return status;
  }
  if (hd->count == 0) {
    if (hd->runs != 0 || hd->sum != 0 || hd->min != 0 || hd->max != 0) {
      return hdr_fail(r->err, HDR_ERR_EMPTY_NONZERO, 1,
                      "empty histogram with nonzero sum, min, max or runs (sum %llu, min %llu, max %llu, %llu "
                      "runs); all must be 0 when count is 0",
                      (unsigned long long)hd->sum, (unsigned long long)hd->min, (unsigned long long)hd->max,
                      (unsigned long long)hd->runs);
    }
    return HDR_OK;
  }
  if (hd->min > hd->max) {
    return hdr_fail(r->err, HDR_ERR_MIN_ABOVE_MAX, 1, "min above max (min %llu, max %llu)",
                    (unsigned long long)hd->min, (unsigned long long)hd->max);
  }
  if (hd->runs == 0) {
    return hdr_fail(r->err, HDR_ERR_COUNT_MISMATCH, runs_at,
                    "bucket counts do not add up to count: no runs but count %llu", (unsigned long long)hd->count);
  }
  return HDR_OK;
}

/*
 * Reads the runs after a header. With `target` NULL it validates everything up to the end of the
 * input; with a target (input already validated, window already covering it) it adds the counts.
 */
static hdr_status read_runs(reader *r, const header *hd, hdr_histogram *target) {
  uint64_t total = 0, run;
  int next = 0, first_index = 0;
  for (run = 0; run < hd->runs; run++) {
    uint64_t gap, length, k;
    size_t gap_at = r->pos, length_at;
    int start;
    field what;
    hdr_status status;
    what.number = (unsigned long)run;
    what.format = "the gap of run %lu";
    if ((status = read_varint(r, &gap, what)) != HDR_OK) return status;
    if (run > 0 && gap == 0) {
      return hdr_fail(r->err, HDR_ERR_ZERO_GAP, gap_at,
                      "zero gap before run %lu: runs must be maximal, so later gaps are >= 1", what.number);
    }
    length_at = r->pos;
    what.format = "the length of run %lu";
    if ((status = read_varint(r, &length, what)) != HDR_OK) return status;
    if (length == 0) {
      return hdr_fail(r->err, HDR_ERR_ZERO_LENGTH, length_at, "zero run length in run %lu; lengths are >= 1",
                      what.number);
    }
    if (gap > (uint64_t)(HDR_MAX_INDEX - next) || length - 1 > (uint64_t)HDR_MAX_INDEX - (next + gap)) {
      uint64_t first = saturating_add((uint64_t)next, gap);
      return hdr_fail(r->err, HDR_ERR_INDEX_RANGE, gap_at, "index above %d: run %lu covers indexes %llu to %llu",
                      HDR_MAX_INDEX, what.number, (unsigned long long)first,
                      (unsigned long long)saturating_add(first, length - 1));
    }
    start = next + (int)gap;
    if (run == 0) first_index = start;
    what.format = "the count of bucket %lu";
    for (k = 0; k < length; k++) {
      size_t count_at = r->pos;
      uint64_t value;
      what.number = (unsigned long)(start + (int)k);
      if ((status = read_varint(r, &value, what)) != HDR_OK) return status;
      if (value == 0) {
        return hdr_fail(r->err, HDR_ERR_ZERO_COUNT, count_at,
                        "zero bucket count at index %lu; empty buckets lie between runs", what.number);
      }
      if (value > UINT64_MAX - total) {
        return hdr_fail(r->err, HDR_ERR_COUNT_MISMATCH, 1,
                        "bucket counts do not add up to count: their sum passes 2^64 - 1, count is %llu",
                        (unsigned long long)hd->count);
      }
      total += value;
      if (target) target->counts[start + (int)k - target->offset] += value;
    }
    next = start + (int)length;
  }
  if (target) return HDR_OK;
  if (total != hd->count) {
    return hdr_fail(r->err, HDR_ERR_COUNT_MISMATCH, 1,
                    "bucket counts do not add up to count: they add up to %llu, count is %llu",
                    (unsigned long long)total, (unsigned long long)hd->count);
  }
  if (r->pos != r->len) {
    return hdr_fail(r->err, HDR_ERR_TRAILING, r->pos,
                    "trailing bytes after the last bucket count; the encoding must end there");
  }
  if (hdr_index(hd->min) != first_index) {
    return hdr_fail(r->err, HDR_ERR_MIN_BUCKET, 1, "min outside first bucket: min %llu is not in bucket %d",
                    (unsigned long long)hd->min, first_index);
  }
  if (hdr_index(hd->max) != next - 1) {
    return hdr_fail(r->err, HDR_ERR_MAX_BUCKET, 1, "max outside last bucket: max %llu is not in bucket %d",
                    (unsigned long long)hd->max, next - 1);
  }
  return HDR_OK;
}

/* Validates the whole input and returns its header. */
static hdr_status validate(const uint8_t *bytes, size_t len, header *hd, hdr_error *err) {
  reader r;
  hdr_status status;
  r.bytes = bytes;
  r.len = len;
  r.pos = 0;
  r.err = err;
  if ((status = read_header(&r, hd)) != HDR_OK) return status;
  if (hd->count == 0) {
    return r.pos == len ? HDR_OK
                        : hdr_fail(err, HDR_ERR_TRAILING, r.pos,
                                   "trailing bytes after the last bucket count; the encoding must end there");
  }
  return read_runs(&r, hd, NULL);
}

hdr_status hdr_validate(const uint8_t *bytes, size_t len, hdr_error *err) {
  header hd;
  return validate(bytes, len, &hd, err);
}

/*
 * Adds validated bytes with header `hd` to `h`. The second pass over them cannot fail, so `h` changes
 * all at once or not at all.
 */
static hdr_status apply(hdr_histogram *h, const uint8_t *bytes, size_t len, header *hd, hdr_error *err) {
  reader r;
  hdr_status status;
  if (hd->count == 0) return HDR_OK;
  if (hd->count > UINT64_MAX - h->count || hd->sum > UINT64_MAX - h->sum) {
    return hdr_fail(err, HDR_ERR_OVERFLOW, 0, "merged count or sum passes 2^64 - 1");
  }
  status = hdr_make_room(h, hdr_index(hd->min), hdr_index(hd->max));
  if (status != HDR_OK) return hdr_fail(err, status, 0, "out of memory for the bucket window");
  r.bytes = bytes;
  r.len = len;
  r.pos = 0;
  r.err = NULL;
  read_header(&r, hd);
  read_runs(&r, hd, h);
  hdr_add_stats(h, hd->count, hd->sum, hd->min, hd->max);
  return HDR_OK;
}

hdr_status hdr_merge_encoded(hdr_histogram *h, const uint8_t *bytes, size_t len, hdr_error *err) {
  header hd;
  hdr_status status = validate(bytes, len, &hd, err);
  return status != HDR_OK ? status : apply(h, bytes, len, &hd, err);
}

hdr_status hdr_decode(hdr_histogram *h, const uint8_t *bytes, size_t len, hdr_error *err) {
  header hd;
  hdr_status status = validate(bytes, len, &hd, err);
  if (status != HDR_OK) return status;
  hdr_reset(h);
  return apply(h, bytes, len, &hd, err);
}

hdr_status hdr_from_buckets(hdr_histogram *h, const int32_t *indexes, const uint64_t *counts, size_t n,
                            uint64_t count, uint64_t sum, uint64_t min, uint64_t max, hdr_error *err) {
  hdr_histogram buckets;
  header hd;
  uint8_t *bytes;
  size_t k, size;
  hdr_status status = HDR_OK;
  /*
   * Buckets are gathered in a histogram whose min and max are the outer lower bounds, which sorts and
   * adds them up; the given stats are then written in front of them and checked by decoding.
   */
  hdr_init(&buckets, h->allocator);
  for (k = 0; k < n && status == HDR_OK; k++) {
    uint64_t lower, highest;
    if (indexes[k] < 0 || indexes[k] > HDR_MAX_INDEX) {
      status = hdr_fail(err, HDR_ERR_INDEX_RANGE, k, "bucket index %ld at position %lu is outside 0..%d",
                        (long)indexes[k], (unsigned long)k, HDR_MAX_INDEX);
    } else if (counts[k] == 0) {
      status = hdr_fail(err, HDR_ERR_ZERO_COUNT, k, "zero bucket count at position %lu (index %ld); counts are >= 1",
                        (unsigned long)k, (long)indexes[k]);
    } else {
      hdr_bounds(indexes[k], &lower, &highest);
      /* A total past 2^64 - 1 can never add up to the u64 count. */
      if (counts[k] > UINT64_MAX - buckets.count) {
        status = hdr_fail(err, HDR_ERR_COUNT_MISMATCH, k,
                          "bucket counts do not add up to count: their sum passes 2^64 - 1, count is %llu",
                          (unsigned long long)count);
      } else if (hdr_make_room(&buckets, indexes[k], indexes[k]) != HDR_OK) {
        status = hdr_fail(err, HDR_ERR_NOMEM, k, "out of memory for the bucket window");
      } else {
        buckets.counts[indexes[k] - buckets.offset] += counts[k];
        hdr_add_stats(&buckets, counts[k], 0, lower, lower);
      }
    }
  }
  if (status == HDR_OK) {
    hd.count = count;
    hd.sum = sum;
    hd.min = min;
    hd.max = max;
    size = encoded_size(&buckets, &hd);
    bytes = h->allocator->allocate(size);
    if (!bytes) {
      status = hdr_fail(err, HDR_ERR_NOMEM, 0, "out of memory for %lu bytes", (unsigned long)size);
    } else {
      encode(&buckets, &hd, bytes);
      status = hdr_decode(h, bytes, size, err);
      h->allocator->release(bytes);
    }
  }
  hdr_free(&buckets);
  return status;
}
