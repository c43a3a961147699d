/*
 * Unit tests of the HDR core: the reference vectors of docs/reference/hdr-buckets.md, properties of
 * the bucket math, a differential test of recording and merging against a dense array, every decoder
 * rule, the text form, allocation failure, and every case of the shared vectors file given as argv[1].
 * Built and run by scripts/test-c.sh; exits non-zero when any check fails.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hdr.h"
#include "test_json.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                     \
  do {                                                       \
    checks++;                                                \
    if (!(cond)) {                                           \
      failures++;                                            \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);   \
      fprintf(stderr, __VA_ARGS__);                          \
      fputc('\n', stderr);                                   \
    }                                                        \
  } while (0)

#define U64(x) ((unsigned long long)(x))

/* xorshift64*: a fixed-seed generator, so a failing case can be replayed. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

/* A value with a random magnitude, so every octave of the index space gets exercised. */
static uint64_t random_value(int max_bits) {
  int bits = (int)(rng() % (uint64_t)(max_bits + 1));
  return bits == 0 ? 0 : rng() >> (64 - bits);
}

static int hex_to_bytes(const char *hex, uint8_t *out, size_t cap) {
  size_t n = strlen(hex), k;
  if (n % 2 || n / 2 > cap) return -1;
  for (k = 0; k < n; k += 2) {
    unsigned byte;
    if (sscanf(hex + k, "%2x", &byte) != 1) return -1;
    out[k / 2] = (uint8_t)byte;
  }
  return (int)(n / 2);
}

static void bytes_to_hex(const uint8_t *bytes, size_t n, char *out) {
  size_t k;
  for (k = 0; k < n; k++) sprintf(out + 2 * k, "%02x", bytes[k]);
  out[2 * n] = '\0';
}

/* Encodes into a static buffer and returns the hex text. */
static const char *encode_hex(const hdr_histogram *h) {
  static uint8_t bytes[1 << 16];
  static char hex[(1 << 17) + 1];
  size_t n = hdr_encoded_size(h);
  if (n > sizeof bytes) return "(too large)";
  CHECK(hdr_encode(h, bytes) == n, "hdr_encode wrote a different size than hdr_encoded_size (%lu)",
        (unsigned long)n);
  bytes_to_hex(bytes, n, hex);
  return hex;
}

static double percentile(const hdr_histogram *h, double q) {
  double v = -1;
  CHECK(hdr_percentiles(h, &q, &v, 1) == HDR_OK, "percentile %g rejected", q);
  return v;
}

static void test_reference_vectors(void) {
  static const uint64_t values[] = {0, 1, 255, 256, 257, 258, 511, 512, 1029, 100000, 1ull << 30, (1ull << 32) - 1,
                                    UINT64_MAX};
  static const int indexes[] = {0, 1, 255, 256, 256, 257, 383, 384, 512, 1347, 3072, 3327, HDR_MAX_INDEX};
  uint64_t lower, highest;
  size_t k;
  for (k = 0; k < sizeof values / sizeof values[0]; k++) {
    CHECK(hdr_index(values[k]) == indexes[k], "index(%llu) = %d, expected %d", U64(values[k]), hdr_index(values[k]),
          indexes[k]);
  }
  hdr_bounds(257, &lower, &highest);
  CHECK(lower == 258 && highest == 259, "bounds(257) = [%llu, %llu]", U64(lower), U64(highest));
  hdr_bounds(HDR_MAX_INDEX, &lower, &highest);
  CHECK(lower == 255ull << 56 && highest == UINT64_MAX, "bounds(7423) = [%llu, %llu]", U64(lower), U64(highest));
  CHECK(hdr_midpoint(5) == 5.0, "a width-1 bucket reports its value, got %g", hdr_midpoint(5));
  CHECK(hdr_midpoint(257) == 258.5, "midpoint(257) = %g, expected 258.5", hdr_midpoint(257));
  CHECK(hdr_index((1ull << 53) - 1) == 6015, "index(2^53 - 1) = %d", hdr_index((1ull << 53) - 1));
}

static void test_bucket_properties(void) {
  uint64_t lower, highest, previous_highest = 0;
  int i;
  for (i = 0; i <= HDR_MAX_INDEX; i++) {
    hdr_bounds(i, &lower, &highest);
    CHECK(hdr_index(lower) == i && hdr_index(highest) == i, "bucket %d: [%llu, %llu] maps to %d and %d", i,
          U64(lower), U64(highest), hdr_index(lower), hdr_index(highest));
    CHECK(i == 0 || lower == previous_highest + 1, "bucket %d starts at %llu, not right after %llu", i, U64(lower),
          U64(previous_highest));
    /* The relative width stays at most 1/128, which bounds the midpoint's error at about 0.39%. */
    CHECK(highest - lower <= lower / 128, "bucket %d is wider than 1/128 of its lower bound", i);
    previous_highest = highest;
  }
  CHECK(previous_highest == UINT64_MAX, "the buckets end at %llu, not 2^64 - 1", U64(previous_highest));
}

/* Compares a histogram with a dense array of counts and its expected statistics. */
static void expect_dense(const hdr_histogram *h, const uint64_t *dense, uint64_t count, uint64_t sum,
                         uint64_t min, uint64_t max, const char *what) {
  int i, mismatches = 0;
  for (i = 0; i <= HDR_MAX_INDEX; i++) mismatches += hdr_bucket_count(h, i) != dense[i];
  CHECK(mismatches == 0, "%s: %d buckets differ from the dense reference", what, mismatches);
  CHECK(h->count == count && h->sum == sum && h->min == min && h->max == max,
        "%s: stats %llu/%llu/%llu/%llu, expected %llu/%llu/%llu/%llu", what, U64(h->count), U64(h->sum),
        U64(h->min), U64(h->max), U64(count), U64(sum), U64(min), U64(max));
}

/* Records random values in random orders (so windows grow up, down and re-centre) and merges halves. */
static void test_record_and_merge_against_dense(void) {
  static uint64_t dense[HDR_INDEX_COUNT];
  int round;
  for (round = 0; round < 200; round++) {
    hdr_histogram whole, a, b, decoded;
    uint64_t count = 0, sum = 0, min = UINT64_MAX, max = 0;
    int n = (int)(rng() % 300), k, max_bits = 1 + (int)(rng() % 40);
    uint8_t *bytes;
    size_t size;
    hdr_error err;
    memset(dense, 0, sizeof dense);
    hdr_init(&whole, NULL);
    hdr_init(&a, NULL);
    hdr_init(&b, NULL);
    hdr_init(&decoded, NULL);
    for (k = 0; k < n; k++) {
      uint64_t v = random_value(max_bits), times = 1 + rng() % 3;
      CHECK(hdr_record(&whole, v, times) == HDR_OK, "record %llu", U64(v));
      CHECK(hdr_record(k % 2 ? &a : &b, v, times) == HDR_OK, "record %llu", U64(v));
      dense[hdr_index(v)] += times;
      count += times;
      sum += v * times;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (count == 0) min = 0;
    expect_dense(&whole, dense, count, sum, min, max, "recorded");
    CHECK(hdr_merge(&a, &b) == HDR_OK, "merge");
    expect_dense(&a, dense, count, sum, min, max, "merged");
    size = hdr_encoded_size(&whole);
    bytes = malloc(size);
    hdr_encode(&whole, bytes);
    CHECK(hdr_decode(&decoded, bytes, size, &err) == HDR_OK, "decode of an encoding: %s", err.message);
    expect_dense(&decoded, dense, count, sum, min, max, "decoded");
    {
      char *merged_hex = strdup(encode_hex(&a));
      CHECK(strcmp(merged_hex, encode_hex(&whole)) == 0, "merging halves encodes unlike recording all");
      free(merged_hex);
    }
    CHECK(hdr_merge_encoded(&decoded, bytes, size, &err) == HDR_OK && decoded.count == 2 * count,
          "merge_encoded doubles the count");
    hdr_reset(&whole);
    memset(dense, 0, sizeof dense);
    expect_dense(&whole, dense, 0, 0, 0, 0, "reset");
    free(bytes);
    hdr_free(&whole);
    hdr_free(&a);
    hdr_free(&b);
    hdr_free(&decoded);
  }
}

static void test_statistics(void) {
  hdr_histogram h;
  double qs[4] = {0.0, 0.5, 0.99, 1.0}, out[4], bad = 1.5;
  hdr_init(&h, NULL);
  CHECK(percentile(&h, 0.5) == 0.0 && hdr_mean(&h) == 0.0 && hdr_stddev(&h) == 0.0, "empty histogram reports 0");
  hdr_record(&h, 100, 1);
  CHECK(hdr_stddev(&h) == 0.0, "one value has no spread");
  hdr_record(&h, 200, 1);
  hdr_record(&h, 300, 1);
  hdr_record(&h, 1000, 1);
  CHECK(hdr_percentiles(&h, qs, out, 4) == HDR_OK, "percentiles");
  /* 100 and 200 are exact; 300 lies in [300, 301] (midpoint 300.5), 1000 in [1000, 1003] clamped to max. */
  CHECK(out[0] == 100.0 && out[1] == 200.0 && out[2] == 1000.0 && out[3] == 1000.0,
        "percentiles 0/0.5/0.99/1 = %g/%g/%g/%g", out[0], out[1], out[2], out[3]);
  CHECK(percentile(&h, 0.75) == 300.5, "p75 = %g", percentile(&h, 0.75));
  CHECK(hdr_mean(&h) == 400.0, "mean = %g", hdr_mean(&h));
  {
    double m = (100 + 200 + 300.5 + 1001.5) / 4, e = 0;
    e += (100 - m) * (100 - m) + (200 - m) * (200 - m) + (300.5 - m) * (300.5 - m) + (1001.5 - m) * (1001.5 - m);
    CHECK(fabs(hdr_stddev(&h) - sqrt(e / 4)) < 1e-9, "stddev = %g, expected %g", hdr_stddev(&h), sqrt(e / 4));
  }
  CHECK(hdr_percentiles(&h, &bad, out, 1) == HDR_ERR_QUANTILE, "a quantile above 1 is rejected");
  bad = NAN;
  CHECK(hdr_percentiles(&h, &bad, out, 1) == HDR_ERR_QUANTILE, "a NaN quantile is rejected");
  /* The midpoint of a wide bucket is clamped to the exact max. */
  hdr_reset(&h);
  hdr_record(&h, 1000000, 1);
  CHECK(percentile(&h, 0.5) == 1000000.0, "a single value reports itself, got %g", percentile(&h, 0.5));
  hdr_free(&h);
}

static void test_overflow(void) {
  hdr_histogram h, big;
  hdr_init(&h, NULL);
  hdr_init(&big, NULL);
  CHECK(hdr_record(&h, UINT64_MAX, 1) == HDR_OK, "the largest value records");
  CHECK(hdr_record(&h, 1, 1) == HDR_ERR_OVERFLOW && h.count == 1, "a sum past 2^64 - 1 is refused, unchanged");
  CHECK(hdr_record(&big, 0, UINT64_MAX) == HDR_OK, "2^64 - 1 zeros record");
  CHECK(hdr_record(&big, 0, 1) == HDR_ERR_OVERFLOW, "a count past 2^64 - 1 is refused");
  CHECK(hdr_merge(&h, &big) == HDR_ERR_OVERFLOW && h.count == 1, "a merge past 2^64 - 1 is refused, unchanged");
  CHECK(strcmp(encode_hex(&h), "0101ffffffffffffffffff01ffffffffffffffffff01ffffffffffffffffff01" "01ff390101") == 0,
        "encoding of {2^64 - 1} = %s", encode_hex(&h));
  hdr_free(&h);
  hdr_free(&big);
}

static int fail_next = 0;
static void *failing_allocate(size_t size) { return fail_next ? NULL : malloc(size); }
static const hdr_allocator failing_allocator = {failing_allocate, free};

static void test_allocation_failure(void) {
  hdr_histogram h;
  hdr_error err;
  static const uint8_t one_big[] = {0x01, 0x01, 0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 0x01, 0x80,
                                    0x0a, 0x01, 0x01};
  hdr_init(&h, &failing_allocator);
  hdr_record(&h, 5, 1);
  fail_next = 1;
  CHECK(hdr_record(&h, 1ull << 40, 1) == HDR_ERR_NOMEM && h.count == 1 && hdr_bucket_count(&h, 5) == 1,
        "a failed allocation leaves the histogram unchanged");
  CHECK(hdr_merge_encoded(&h, one_big, sizeof one_big, &err) == HDR_ERR_NOMEM && h.count == 1,
        "merge_encoded reports a failed allocation: %s", err.message);
  CHECK(hdr_parse_text(&h, "{}", &err) == HDR_ERR_NOMEM, "parse_text reports a failed allocation");
  fail_next = 0;
  CHECK(hdr_merge_encoded(&h, one_big, sizeof one_big, &err) == HDR_OK && h.count == 2 && h.max == 65536,
        "merge_encoded of {65536}: %s", err.message);
  hdr_free(&h);
}

/* Decodes hex and expects `status`, with `fragment` in the message. */
static void expect_invalid(const char *hex, hdr_status status, const char *fragment) {
  uint8_t bytes[256];
  int n = hex_to_bytes(hex, bytes, sizeof bytes);
  hdr_histogram h;
  hdr_error err;
  hdr_status got;
  hdr_init(&h, NULL);
  hdr_record(&h, 42, 1);
  memset(&err, 0, sizeof err);
  got = hdr_decode(&h, bytes, (size_t)n, &err);
  CHECK(got == status && err.status == status && strstr(err.message, fragment),
        "decode %s: status %d (%s), expected %d with \"%s\"", hex, got, err.message, status, fragment);
  CHECK(h.count == 1 && h.min == 42, "a failed decode left the histogram changed");
  hdr_free(&h);
}

static void test_decoder_rules(void) {
  expect_invalid("", HDR_ERR_TRUNCATED, "truncated input");
  expect_invalid("02", HDR_ERR_VERSION, "unknown version 2");
  expect_invalid("0101", HDR_ERR_TRUNCATED, "the varint of sum");
  expect_invalid("0180", HDR_ERR_TRUNCATED, "the varint of count");
  expect_invalid("018000", HDR_ERR_OVERLONG, "overlong varint");
  expect_invalid("01ffffffffffffffffff02", HDR_ERR_VARINT_RANGE, "above 2^64 - 1");
  expect_invalid("01ffffffffffffffffff8000", HDR_ERR_VARINT_RANGE, "longer than 10 bytes");
  expect_invalid("0100000000", HDR_ERR_TRUNCATED, "the varint of the number of runs");
  expect_invalid("01000000000000", HDR_ERR_TRAILING, "trailing bytes");
  expect_invalid("01000000000100", HDR_ERR_EMPTY_NONZERO, "empty histogram");
  expect_invalid("01000001000000", HDR_ERR_EMPTY_NONZERO, "empty histogram");
  expect_invalid("010106060500", HDR_ERR_MIN_ABOVE_MAX, "min above max");
  expect_invalid("010105050500", HDR_ERR_COUNT_MISMATCH, "no runs");
  expect_invalid("01020b050602050101000101", HDR_ERR_ZERO_GAP, "zero gap before run 1");
  expect_invalid("0101050505010500", HDR_ERR_ZERO_LENGTH, "zero run length in run 0");
  expect_invalid("01010505050105020100", HDR_ERR_ZERO_COUNT, "zero bucket count at index 6");
  expect_invalid("01010505050180" "3a0101", HDR_ERR_INDEX_RANGE, "index above 7423");
  expect_invalid("01010505050180398101", HDR_ERR_INDEX_RANGE, "covers indexes 7296 to 7424");
  expect_invalid("01010505050105", HDR_ERR_TRUNCATED, "the varint of the length of run 0");
  expect_invalid("01020a050501050101", HDR_ERR_COUNT_MISMATCH, "add up to 1, count is 2");
  expect_invalid("01010505050105010100", HDR_ERR_TRAILING, "trailing bytes");
  expect_invalid("010105050601050101", HDR_ERR_MAX_BUCKET, "max outside last bucket");
  expect_invalid("010105040501050101", HDR_ERR_MIN_BUCKET, "min outside first bucket");
  expect_invalid("0101050506010502" "ffffffffffffffffff0101", HDR_ERR_COUNT_MISMATCH, "passes 2^64 - 1");
  expect_invalid("01001c000000", HDR_ERR_EMPTY_NONZERO, "empty histogram with nonzero sum");
}

static void test_text_form(void) {
  hdr_histogram h, back;
  hdr_error err;
  char text[256];
  size_t n;
  hdr_init(&h, NULL);
  hdr_init(&back, NULL);
  n = hdr_format_text(&h, text, sizeof text);
  CHECK(strcmp(text, "{\"count\":0,\"sum\":0,\"min\":0,\"max\":0,\"runs\":[]}") == 0 && n == strlen(text),
        "empty text form: %s", text);
  hdr_record(&h, 200, 1);
  hdr_record(&h, 201, 2);
  hdr_record(&h, 500, 1);
  n = hdr_format_text(&h, text, sizeof text);
  CHECK(strcmp(text, "{\"count\":4,\"sum\":1102,\"min\":200,\"max\":500,\"runs\":[[200,[1,2]],[378,[1]]]}") == 0,
        "text form: %s", text);
  CHECK(hdr_format_text(&h, NULL, 0) == n, "sizing call returns the same length");
  {
    char small[10];
    CHECK(hdr_format_text(&h, small, sizeof small) == n && strlen(small) == 9, "truncated output stays terminated");
  }
  CHECK(hdr_parse_text(&back, text, &err) == HDR_OK, "parse of printed text: %s", err.message);
  CHECK(strcmp(encode_hex(&back), encode_hex(&h)) == 0, "text round trip changes the histogram");
  CHECK(hdr_parse_text(&back,
                       " { \"runs\" : [ [ 200 , [ 1 ,2 ] ] ,\n[378,[1]] ] , \"max\":500,\"min\":200,\"sum\":1102,"
                       "\"count\":4 } ",
                       &err) == HDR_OK &&
            back.count == 4,
        "whitespace and key order are free: %s", err.message);
  CHECK(hdr_parse_text(&back, "\\x0104ce08c801f40302c801020102b0010101", &err) == HDR_OK && back.sum == 1102,
        "hex form: %s", err.message);
  CHECK(strcmp(encode_hex(&h), "0104ce08c801f40302c801020102b0010101") == 0, "encoding: %s", encode_hex(&h));
  {
    static const struct {
      const char *text;
      hdr_status status;
      const char *fragment;
    } bad[] = {
        {"", HDR_ERR_SYNTAX, "expected '{' at offset 0, found the end"},
        {"{\"count\":1}", HDR_ERR_SYNTAX, "key sum is missing"},
        {"{\"count\":01,", HDR_ERR_SYNTAX, "leading zero"},
        {"{\"count\":18446744073709551616", HDR_ERR_SYNTAX, "above 2^64 - 1"},
        {"{\"count\":-1", HDR_ERR_SYNTAX, "expected an unsigned integer at offset 9, found '-'"},
        {"{\"cnt\":1", HDR_ERR_SYNTAX, "unknown key at offset 1"},
        {"{\"count\":1,\"count\":1", HDR_ERR_SYNTAX, "key count repeated"},
        {"{\"count\":0,\"sum\":0,\"min\":0,\"max\":0,\"runs\":[]} x", HDR_ERR_SYNTAX, "expected the end of the text"},
        {"{\"count\":2,\"sum\":0,\"min\":0,\"max\":5,\"runs\":[[5,[1]],[0,[1]]]}", HDR_ERR_SYNTAX, "runs ascend"},
        {"{\"count\":2,\"sum\":0,\"min\":0,\"max\":1,\"runs\":[[0,[1]],[1,[1]]]}", HDR_ERR_ZERO_GAP, "zero gap"},
        {"{\"count\":1,\"sum\":0,\"min\":0,\"max\":0,\"runs\":[[0,[0]]]}", HDR_ERR_ZERO_COUNT, "zero bucket count"},
        {"{\"count\":1,\"sum\":0,\"min\":0,\"max\":0,\"runs\":[[0,[]]]}", HDR_ERR_ZERO_LENGTH, "zero run length"},
        {"{\"count\":2,\"sum\":0,\"min\":0,\"max\":0,\"runs\":[[0,[1]]]}", HDR_ERR_COUNT_MISMATCH, "add up to 1"},
        {"{\"count\":1,\"sum\":0,\"min\":0,\"max\":0,\"runs\":[[7424,[1]]]}", HDR_ERR_INDEX_RANGE, "index above"},
        {"\\x010", HDR_ERR_SYNTAX, "odd number of digits"},
        {"\\x01zz", HDR_ERR_SYNTAX, "expected a hex digit at offset 4, found 'z'"},
        {"\\x02", HDR_ERR_VERSION, "unknown version"},
    };
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
      hdr_status got;
      memset(&err, 0, sizeof err);
      got = hdr_parse_text(&back, bad[k].text, &err);
      CHECK(got == bad[k].status && strstr(err.message, bad[k].fragment), "parse \"%s\": %d %s, expected %d \"%s\"",
            bad[k].text, got, err.message, bad[k].status, bad[k].fragment);
    }
  }
  hdr_free(&h);
  hdr_free(&back);
}

static void test_from_buckets(void) {
  hdr_histogram h;
  hdr_error err;
  static const int32_t ordered[] = {200, 201, 378};
  static const uint64_t ordered_counts[] = {1, 2, 1};
  static const int32_t shuffled[] = {378, 200, 201, 201};
  static const uint64_t ones[] = {1, 1, 1, 1};
  static const int32_t bad_index[] = {7424};
  static const uint64_t zero[] = {0};
  hdr_init(&h, NULL);
  CHECK(hdr_from_buckets(&h, ordered, ordered_counts, 3, 4, 1102, 200, 500, &err) == HDR_OK,
        "from_buckets: %s", err.message);
  CHECK(strcmp(encode_hex(&h), "0104ce08c801f40302c801020102b0010101") == 0, "from_buckets builds %s",
        encode_hex(&h));
  /* Unordered and repeated indexes add up to the same histogram. */
  CHECK(hdr_from_buckets(&h, shuffled, ones, 4, 4, 1102, 200, 500, &err) == HDR_OK &&
            strcmp(encode_hex(&h), "0104ce08c801f40302c801020102b0010101") == 0,
        "from_buckets sorts and adds repeated indexes: %s", err.message);
  CHECK(hdr_from_buckets(&h, shuffled, ones, 4, 5, 1102, 200, 500, &err) == HDR_ERR_COUNT_MISMATCH && h.count == 4,
        "from_buckets checks the count, leaving h unchanged: %s", err.message);
  CHECK(hdr_from_buckets(&h, shuffled, ones, 4, 4, 1102, 199, 500, &err) == HDR_ERR_MIN_BUCKET,
        "from_buckets checks min: %s", err.message);
  CHECK(hdr_from_buckets(&h, bad_index, ones, 1, 1, 0, 0, 0, &err) == HDR_ERR_INDEX_RANGE &&
            strstr(err.message, "bucket index 7424 at position 0"),
        "from_buckets checks indexes: %s", err.message);
  CHECK(hdr_from_buckets(&h, ordered, zero, 1, 0, 0, 0, 0, &err) == HDR_ERR_ZERO_COUNT, "from_buckets rejects 0");
  CHECK(hdr_from_buckets(&h, NULL, NULL, 0, 0, 0, 0, 0, &err) == HDR_OK && h.count == 0, "no buckets: empty");
  CHECK(hdr_from_buckets(&h, NULL, NULL, 0, 0, 0, 0, 3, &err) == HDR_ERR_EMPTY_NONZERO, "empty with max");
  hdr_free(&h);
}

/*
 * Compares a number or numeric string from the vectors with `expected` + `plus_one` (0 or 1), so that
 * the exclusive upper bound 2^64 of the last bucket can be compared without overflowing.
 */
static int same_number(const json *v, uint64_t expected, int plus_one) {
  json as_number = *v;
  as_number.kind = JSON_NUMBER;
  if (plus_one && expected == UINT64_MAX) return strcmp(v->text, "18446744073709551616") == 0;
  return json_u64(&as_number) == expected + (uint64_t)plus_one;
}

static int check_index_section(const json *section) {
  size_t k;
  for (k = 0; k < section->count; k++) {
    const json *pair = json_at(section, k);
    json value = *json_at(pair, 0);
    uint64_t v;
    value.kind = JSON_NUMBER;
    v = json_u64(&value);
    CHECK(hdr_index(v) == (int)json_u64(json_at(pair, 1)), "index(%llu) = %d, vectors say %s", U64(v), hdr_index(v),
          json_at(pair, 1)->text);
  }
  return (int)section->count;
}

static int check_bounds_section(const json *section) {
  size_t k;
  for (k = 0; k < section->count; k++) {
    const json *row = json_at(section, k);
    uint64_t lower, highest;
    int i = (int)json_u64(json_at(row, 0));
    hdr_bounds(i, &lower, &highest);
    CHECK(same_number(json_at(row, 1), lower, 0) && same_number(json_at(row, 2), highest, 1),
          "bounds(%d) = [%llu, %llu], vectors say [%s, %s)", i, U64(lower), U64(highest), json_at(row, 1)->text,
          json_at(row, 2)->text);
  }
  return (int)section->count;
}

static void record_all(hdr_histogram *h, const json *values) {
  size_t k;
  for (k = 0; k < values->count; k++) hdr_record(h, json_u64(json_at(values, k)), 1);
}

static void check_percentiles(const hdr_histogram *h, const json *pairs, const char *name) {
  size_t k;
  for (k = 0; k < pairs->count; k++) {
    const json *pair = json_at(pairs, k);
    double q = json_double(json_at(pair, 0)), expected = json_double(json_at(pair, 1));
    CHECK(percentile(h, q) == expected, "%s: p(%g) = %.17g, vectors say %.17g", name, q, percentile(h, q), expected);
  }
}

static int test_vectors(const char *path) {
  json *root = json_parse_file(path);
  const json *section;
  size_t k, j, total = 0;
  total += (size_t)check_index_section(json_get(root, "index"));
  total += (size_t)check_index_section(json_get(root, "index_u64"));
  total += (size_t)check_bounds_section(json_get(root, "bounds"));
  total += (size_t)check_bounds_section(json_get(root, "bounds_u64"));
  section = json_get(root, "histograms");
  for (k = 0; k < section->count; k++, total++) {
    const json *c = json_at(section, k);
    const char *name = json_string(json_get(c, "name"));
    hdr_histogram h, decoded;
    uint8_t bytes[1 << 14];
    hdr_error err;
    int n;
    double stddev = json_double(json_get(c, "stddev"));
    hdr_init(&h, NULL);
    hdr_init(&decoded, NULL);
    record_all(&h, json_get(c, "values"));
    CHECK(same_number(json_get(c, "count"), h.count, 0) && same_number(json_get(c, "sum"), h.sum, 0) &&
              same_number(json_get(c, "min"), h.min, 0) && same_number(json_get(c, "max"), h.max, 0),
          "%s: count/sum/min/max %llu/%llu/%llu/%llu differ from the vectors", name, U64(h.count), U64(h.sum),
          U64(h.min), U64(h.max));
    CHECK(strcmp(encode_hex(&h), json_string(json_get(c, "encoded_hex"))) == 0, "%s: encoded %s, vectors say %s",
          name, encode_hex(&h), json_string(json_get(c, "encoded_hex")));
    n = hex_to_bytes(json_string(json_get(c, "encoded_hex")), bytes, sizeof bytes);
    CHECK(n >= 0 && hdr_decode(&decoded, bytes, (size_t)n, &err) == HDR_OK, "%s: decode fails", name);
    CHECK(strcmp(encode_hex(&decoded), json_string(json_get(c, "encoded_hex"))) == 0, "%s: re-encoding differs",
          name);
    check_percentiles(&h, json_get(c, "percentiles"), name);
    check_percentiles(&decoded, json_get(c, "percentiles"), name);
    CHECK(hdr_mean(&h) == json_double(json_get(c, "mean")), "%s: mean %.17g, vectors say %s", name, hdr_mean(&h),
          json_get(c, "mean")->text);
    /* Summation order is the same in both twins, but libm's sqrt may differ from V8's in the last bit. */
    CHECK(fabs(hdr_stddev(&h) - stddev) <= 1e-12 * stddev, "%s: stddev %.17g, vectors say %s", name, hdr_stddev(&h),
          json_get(c, "stddev")->text);
    hdr_free(&h);
    hdr_free(&decoded);
  }
  section = json_get(root, "merges");
  for (k = 0; k < section->count; k++, total++) {
    const json *c = json_at(section, k), *parts = json_get(c, "parts");
    const char *name = json_string(json_get(c, "name"));
    hdr_histogram merged, part;
    hdr_init(&merged, NULL);
    for (j = 0; j < parts->count; j++) {
      hdr_init(&part, NULL);
      record_all(&part, json_at(parts, j));
      CHECK(hdr_merge(&merged, &part) == HDR_OK, "%s: merge", name);
      hdr_free(&part);
    }
    CHECK(strcmp(encode_hex(&merged), json_string(json_get(c, "encoded_hex"))) == 0,
          "%s: merged encoding %s, vectors say %s", name, encode_hex(&merged), json_string(json_get(c, "encoded_hex")));
    check_percentiles(&merged, json_get(c, "percentiles"), name);
    hdr_free(&merged);
  }
  section = json_get(root, "invalid");
  for (k = 0; k < section->count; k++, total++) {
    const json *c = json_at(section, k);
    const char *name = json_string(json_get(c, "name")), *expected = json_string(json_get(c, "error"));
    uint8_t bytes[1 << 12];
    int n = hex_to_bytes(json_string(json_get(c, "hex")), bytes, sizeof bytes);
    hdr_histogram h;
    hdr_error err;
    hdr_init(&h, NULL);
    memset(&err, 0, sizeof err);
    CHECK(n >= 0 && hdr_decode(&h, bytes, (size_t)n, &err) != HDR_OK && strstr(err.message, expected),
          "%s: decoding %s gave \"%s\", vectors expect \"%s\"", name, json_string(json_get(c, "hex")), err.message,
          expected);
    hdr_free(&h);
  }
  json_free(root);
  return (int)total;
}

int main(int argc, char **argv) {
  int vectors = 0;
  test_reference_vectors();
  test_bucket_properties();
  test_record_and_merge_against_dense();
  test_statistics();
  test_overflow();
  test_allocation_failure();
  test_decoder_rules();
  test_text_form();
  test_from_buckets();
  if (argc > 1) vectors = test_vectors(argv[1]);
  printf("test_hdr: %d checks, %d vectors from %s, %d failed\n", checks, vectors, argc > 1 ? argv[1] : "(none)",
         failures);
  return failures ? 1 : 0;
}
