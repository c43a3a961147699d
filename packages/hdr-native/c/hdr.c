/* Bucket math, recording, merging and statistics of the HDR core (see hdr.h). */
#include "hdr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hdr_internal.h"

/* Sub-bucket bits: 128 buckets per power of two, 2 significant decimal digits. */
#define SUB_BITS 7
#define EXACT_LIMIT 256
/* Smallest window allocated: a factor of 2 of values, so a steady series rarely grows. */
#define MIN_WINDOW 64

const hdr_allocator hdr_malloc_allocator = {malloc, free};

static int highest_bit(uint64_t v) {
#if defined(__GNUC__) || defined(__clang__)
  return 63 - __builtin_clzll(v);
#else
  int n = 0;
  while (v >>= 1) n++;
  return n;
#endif
}

int hdr_index(uint64_t value) {
  int shift;
  if (value < EXACT_LIMIT) return (int)value;
  shift = highest_bit(value) - SUB_BITS;
  return (shift << SUB_BITS) + (int)(value >> shift);
}

void hdr_bounds(int index, uint64_t *lower, uint64_t *highest) {
  int shift;
  uint64_t mantissa;
  if (index < EXACT_LIMIT) {
    *lower = (uint64_t)index;
    *highest = (uint64_t)index;
    return;
  }
  shift = (index >> SUB_BITS) - 1;
  mantissa = (uint64_t)(index - shift * 128);
  *lower = mantissa << shift;
  /* (mantissa + 1) << shift is 2^64 for the last bucket, so the inclusive bound is built from lower. */
  *highest = *lower + ((((uint64_t)1) << shift) - 1);
}

double hdr_midpoint(int index) {
  uint64_t lower, highest;
  hdr_bounds(index, &lower, &highest);
  return (double)lower + (double)(highest - lower) / 2.0;
}

void hdr_init(hdr_histogram *h, const hdr_allocator *allocator) {
  memset(h, 0, sizeof *h);
  h->allocator = allocator ? allocator : &hdr_malloc_allocator;
}

void hdr_free(hdr_histogram *h) {
  const hdr_allocator *allocator = h->allocator;
  if (h->counts) allocator->release(h->counts);
  hdr_init(h, allocator);
}

void hdr_reset(hdr_histogram *h) {
  if (h->count > 0) {
    int first = hdr_index(h->min) - h->offset;
    int last = hdr_index(h->max) - h->offset;
    memset(h->counts + first, 0, (size_t)(last - first + 1) * sizeof(uint64_t));
  }
  h->count = 0;
  h->sum = 0;
  h->min = 0;
  h->max = 0;
}

/* New room goes on the side that grew, since latency series drift one way; an empty histogram centres it. */
hdr_status hdr_make_room(hdr_histogram *h, int first, int last) {
  int used_first, used_last, from, to, span, capacity, room, offset;
  uint64_t *counts = h->counts;
  if (counts && first >= h->offset && last < h->offset + h->capacity) return HDR_OK;
  used_first = h->count > 0 ? hdr_index(h->min) : first;
  used_last = h->count > 0 ? hdr_index(h->max) : last;
  from = first < used_first ? first : used_first;
  to = last > used_last ? last : used_last;
  span = to - from + 1;
  capacity = h->capacity;
  if (span > capacity) {
    capacity = span + span / 2;
    if (capacity < MIN_WINDOW) capacity = MIN_WINDOW;
    if (capacity > HDR_INDEX_COUNT) capacity = HDR_INDEX_COUNT;
    counts = h->allocator->allocate((size_t)capacity * sizeof(uint64_t));
    if (!counts) return HDR_ERR_NOMEM;
    memset(counts, 0, (size_t)capacity * sizeof(uint64_t));
  }
  room = capacity - span;
  offset = h->count == 0 ? from - room / 2 : first < used_first ? from - room : from;
  if (offset > HDR_INDEX_COUNT - capacity) offset = HDR_INDEX_COUNT - capacity;
  if (offset < 0) offset = 0;
  if (h->count > 0) {
    uint64_t *src = h->counts + (used_first - h->offset);
    uint64_t *dst = counts + (used_first - offset);
    size_t n = (size_t)(used_last - used_first + 1);
    if (counts == h->counts) {
      memmove(dst, src, n * sizeof(uint64_t));
      /* Clear the slots the move vacated, keeping the all-zero-outside-[min, max] invariant. */
      if (dst < src) {
        uint64_t *clear = dst + n > src ? dst + n : src;
        memset(clear, 0, (size_t)(src + n - clear) * sizeof(uint64_t));
      } else {
        uint64_t *end = dst < src + n ? dst : src + n;
        memset(src, 0, (size_t)(end - src) * sizeof(uint64_t));
      }
    } else {
      memcpy(dst, src, n * sizeof(uint64_t));
    }
  }
  if (counts != h->counts) {
    if (h->counts) h->allocator->release(h->counts);
    h->counts = counts;
    h->capacity = capacity;
  }
  h->offset = offset;
  return HDR_OK;
}

void hdr_add_stats(hdr_histogram *h, uint64_t times, uint64_t sum, uint64_t lo, uint64_t hi) {
  if (h->count == 0) {
    h->min = lo;
    h->max = hi;
  } else {
    if (lo < h->min) h->min = lo;
    if (hi > h->max) h->max = hi;
  }
  h->count += times;
  h->sum += sum;
}

hdr_status hdr_record(hdr_histogram *h, uint64_t value, uint64_t times) {
  int index = hdr_index(value);
  hdr_status status;
  if (times == 0) return HDR_OK;
  if (times > UINT64_MAX - h->count) return HDR_ERR_OVERFLOW;
  if (value != 0 && (times > UINT64_MAX / value || value * times > UINT64_MAX - h->sum)) {
    return HDR_ERR_OVERFLOW;
  }
  status = hdr_make_room(h, index, index);
  if (status != HDR_OK) return status;
  h->counts[index - h->offset] += times;
  hdr_add_stats(h, times, value * times, value, value);
  return HDR_OK;
}

hdr_status hdr_merge(hdr_histogram *into, const hdr_histogram *from) {
  int first, last, i;
  hdr_status status;
  if (from->count == 0) return HDR_OK;
  if (from->count > UINT64_MAX - into->count || from->sum > UINT64_MAX - into->sum) return HDR_ERR_OVERFLOW;
  first = hdr_index(from->min);
  last = hdr_index(from->max);
  status = hdr_make_room(into, first, last);
  if (status != HDR_OK) return status;
  for (i = first; i <= last; i++) into->counts[i - into->offset] += from->counts[i - from->offset];
  hdr_add_stats(into, from->count, from->sum, from->min, from->max);
  return HDR_OK;
}

uint64_t hdr_bucket_count(const hdr_histogram *h, int index) {
  if (index < h->offset || index >= h->offset + h->capacity) return 0;
  return h->counts[index - h->offset];
}

hdr_status hdr_percentiles(const hdr_histogram *h, const double *qs, double *out, size_t n) {
  size_t k;
  for (k = 0; k < n; k++) {
    if (!(qs[k] >= 0.0 && qs[k] <= 1.0)) return HDR_ERR_QUANTILE;
  }
  for (k = 0; k < n; k++) {
    /* The rank is compared as a double, as the TypeScript twin does, so both pick the same bucket. */
    double rank = ceil(qs[k] * (double)h->count);
    double cumulative = 0.0;
    double value, lo = (double)h->min, hi = (double)h->max;
    int index, last;
    if (h->count == 0) {
      out[k] = 0.0;
      continue;
    }
    if (rank < 1.0) rank = 1.0;
    index = hdr_index(h->min);
    last = hdr_index(h->max);
    for (; index < last; index++) {
      cumulative += (double)h->counts[index - h->offset];
      if (cumulative >= rank) break;
    }
    value = hdr_midpoint(index);
    out[k] = value < lo ? lo : value > hi ? hi : value;
  }
  return HDR_OK;
}

double hdr_mean(const hdr_histogram *h) { return h->count == 0 ? 0.0 : (double)h->sum / (double)h->count; }

double hdr_stddev(const hdr_histogram *h) {
  double total = 0.0, mean, squares = 0.0;
  int index, first, last;
  if (h->count < 2) return 0.0;
  first = hdr_index(h->min);
  last = hdr_index(h->max);
  /* Two passes, so the squares of large values do not cancel out. */
  for (index = first; index <= last; index++) {
    uint64_t c = h->counts[index - h->offset];
    if (c) total += hdr_midpoint(index) * (double)c;
  }
  mean = total / (double)h->count;
  for (index = first; index <= last; index++) {
    uint64_t c = h->counts[index - h->offset];
    if (c) {
      double deviation = hdr_midpoint(index) - mean;
      squares += deviation * deviation * (double)c;
    }
  }
  return sqrt(squares / (double)h->count);
}

int hdr_next_run(const hdr_histogram *h, int from, int *start, int *length) {
  int last, index;
  if (h->count == 0) return 0;
  last = hdr_index(h->max);
  index = from > hdr_index(h->min) ? from : hdr_index(h->min);
  while (index <= last && h->counts[index - h->offset] == 0) index++;
  if (index > last) return 0;
  *start = index;
  while (index <= last && h->counts[index - h->offset] != 0) index++;
  *length = index - *start;
  return 1;
}
