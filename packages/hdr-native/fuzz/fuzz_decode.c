/*
 * Fuzz target for everything the HDR core reads from outside: the binary decoder and the text parser.
 * Every input is tried as both. Besides "never crash, never read out of bounds" (the sanitizers'
 * job) it checks the properties the encoding promises, aborting when one fails:
 *   - hdr_validate and hdr_decode agree, and a failed decode leaves the histogram unchanged;
 *   - an accepted encoding re-encodes to the same bytes (the encoding is canonical);
 *   - an accepted histogram prints a text form that parses back to the same bytes;
 *   - merging an accepted encoding into a histogram equals merging the decoded histogram.
 * Built with libFuzzer (clang -fsanitize=fuzzer) or driven by driver.c under gcc.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hdr.h"

#define REQUIRE(cond, what)                            \
  do {                                                 \
    if (!(cond)) {                                     \
      fprintf(stderr, "fuzz property broken: %s\n", what); \
      abort();                                         \
    }                                                  \
  } while (0)

/* Encodes `h` into a new buffer and returns it with its size. */
static uint8_t *encode(const hdr_histogram *h, size_t *size) {
  uint8_t *bytes;
  *size = hdr_encoded_size(h);
  bytes = malloc(*size);
  REQUIRE(bytes != NULL, "out of memory");
  REQUIRE(hdr_encode(h, bytes) == *size, "hdr_encode wrote a size other than hdr_encoded_size");
  return bytes;
}

/* The text form of `h` parses back to the same encoding. */
static void check_text_round_trip(const hdr_histogram *h, const uint8_t *bytes, size_t size) {
  hdr_histogram back;
  hdr_error err;
  size_t n = hdr_format_text(h, NULL, 0), back_size;
  char *text = malloc(n + 1);
  uint8_t *back_bytes;
  REQUIRE(text != NULL, "out of memory");
  REQUIRE(hdr_format_text(h, text, n + 1) == n && strlen(text) == n, "hdr_format_text sizes disagree");
  hdr_init(&back, NULL);
  REQUIRE(hdr_parse_text(&back, text, &err) == HDR_OK, "printed text does not parse");
  back_bytes = encode(&back, &back_size);
  REQUIRE(back_size == size && memcmp(back_bytes, bytes, size) == 0, "text round trip changed the histogram");
  free(back_bytes);
  free(text);
  hdr_free(&back);
}

/* Statistics of an accepted histogram stay inside what it holds. */
static void check_statistics(const hdr_histogram *h) {
  static const double qs[] = {0.0, 0.5, 0.99, 1.0};
  double out[4];
  int k;
  REQUIRE(hdr_percentiles(h, qs, out, 4) == HDR_OK, "valid quantiles rejected");
  for (k = 0; k < 4; k++) {
    REQUIRE(h->count == 0 || (out[k] >= (double)h->min && out[k] <= (double)h->max), "percentile outside [min, max]");
    REQUIRE(k == 0 || out[k] >= out[k - 1], "percentiles not monotonic");
  }
  REQUIRE(hdr_stddev(h) >= 0.0, "negative standard deviation");
  (void)hdr_mean(h);
}

static void check_binary(const uint8_t *data, size_t size) {
  hdr_histogram h, merged, direct;
  hdr_error err;
  hdr_status valid = hdr_validate(data, size, &err), decoded;
  hdr_init(&h, NULL);
  hdr_record(&h, 12345, 1);
  decoded = hdr_decode(&h, data, size, &err);
  REQUIRE(valid == decoded, "hdr_validate and hdr_decode disagree");
  if (decoded != HDR_OK) {
    REQUIRE(h.count == 1 && h.min == 12345 && hdr_bucket_count(&h, hdr_index(12345)) == 1,
            "a rejected input changed the histogram");
    REQUIRE(err.message[0] != '\0', "a rejected input has no message");
  } else {
    size_t again_size;
    uint8_t *again = encode(&h, &again_size);
    REQUIRE(again_size == size && memcmp(again, data, size) == 0, "accepted input is not canonical");
    check_text_round_trip(&h, data, size);
    check_statistics(&h);
    /* Merging the bytes and merging the decoded histogram give the same result. */
    hdr_init(&merged, NULL);
    hdr_init(&direct, NULL);
    hdr_record(&merged, 7, 2);
    hdr_record(&direct, 7, 2);
    if (hdr_merge_encoded(&merged, data, size, &err) == HDR_OK) {
      size_t a_size, b_size;
      uint8_t *a, *b;
      REQUIRE(hdr_merge(&direct, &h) == HDR_OK, "merge_encoded accepted what merge refused");
      a = encode(&merged, &a_size);
      b = encode(&direct, &b_size);
      REQUIRE(a_size == b_size && memcmp(a, b, a_size) == 0, "merge_encoded differs from decode + merge");
      free(a);
      free(b);
    }
    free(again);
    hdr_free(&merged);
    hdr_free(&direct);
  }
  hdr_free(&h);
}

static void check_text(const uint8_t *data, size_t size) {
  hdr_histogram h;
  hdr_error err;
  char *text = malloc(size + 1);
  REQUIRE(text != NULL, "out of memory");
  memcpy(text, data, size);
  text[size] = '\0';
  hdr_init(&h, NULL);
  if (hdr_parse_text(&h, text, &err) == HDR_OK) {
    size_t bytes_size;
    uint8_t *bytes = encode(&h, &bytes_size);
    hdr_histogram decoded;
    hdr_init(&decoded, NULL);
    REQUIRE(hdr_decode(&decoded, bytes, bytes_size, &err) == HDR_OK, "parsed text encodes to invalid bytes");
    check_text_round_trip(&h, bytes, bytes_size);
    hdr_free(&decoded);
    free(bytes);
  } else {
    REQUIRE(err.message[0] != '\0', "rejected text has no message");
  }
  hdr_free(&h);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_binary(data, size);
  check_text(data, size);
  return 0;
}
