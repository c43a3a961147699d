/*
 * The readable text form of a histogram (see hdr_format_text in hdr.h). Parsing turns the text into
 * the binary encoding and decodes that, so text and binary input obey one set of rules.
 */
#include <string.h>

#include "hdr.h"
#include "hdr_internal.h"

/* Room before the runs for the version byte and five varints, which are known only at the end. */
#define HEADER_ROOM (1 + 5 * HDR_VARINT_MAX_BYTES)

/* Appends to a buffer of `cap` bytes, counting what would have been written past it. */
typedef struct writer {
  char *out;
  size_t cap;
  size_t len;
} writer;

static void put_char(writer *w, char c) {
  if (w->len + 1 < w->cap) w->out[w->len] = c;
  w->len++;
}

static void put_str(writer *w, const char *s) {
  while (*s) put_char(w, *s++);
}

static void put_u64(writer *w, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) put_char(w, digits[--n]);
}

size_t hdr_format_text(const hdr_histogram *h, char *out, size_t cap) {
  writer w;
  int start, length, from, k;
  w.out = out;
  w.cap = cap;
  w.len = 0;
  put_str(&w, "{\"count\":");
  put_u64(&w, h->count);
  put_str(&w, ",\"sum\":");
  put_u64(&w, h->sum);
  put_str(&w, ",\"min\":");
  put_u64(&w, h->min);
  put_str(&w, ",\"max\":");
  put_u64(&w, h->max);
  put_str(&w, ",\"runs\":[");
  for (from = 0; hdr_next_run(h, from, &start, &length); from = start + length) {
    if (from > 0) put_char(&w, ',');
    put_char(&w, '[');
    put_u64(&w, (uint64_t)start);
    put_str(&w, ",[");
    for (k = start; k < start + length; k++) {
      if (k > start) put_char(&w, ',');
      put_u64(&w, h->counts[k - h->offset]);
    }
    put_str(&w, "]]");
  }
  put_str(&w, "]}");
  if (cap > 0) w.out[w.len < cap ? w.len : cap - 1] = '\0';
  return w.len;
}

/* A cursor over the text; `err` receives the first failure. */
typedef struct scanner {
  const char *text;
  size_t pos;
  hdr_error *err;
} scanner;

static void skip_space(scanner *s) {
  while (s->text[s->pos] == ' ' || s->text[s->pos] == '\t' || s->text[s->pos] == '\n' || s->text[s->pos] == '\r') {
    s->pos++;
  }
}

static hdr_status syntax(scanner *s, const char *expected) {
  char c = s->text[s->pos];
  if (c == '\0') return hdr_fail(s->err, HDR_ERR_SYNTAX, s->pos, "expected %s at offset %lu, found the end",
                                 expected, (unsigned long)s->pos);
  return hdr_fail(s->err, HDR_ERR_SYNTAX, s->pos, "expected %s at offset %lu, found '%c'", expected,
                  (unsigned long)s->pos, c);
}

/* Consumes optional whitespace and then `c`. */
static hdr_status expect(scanner *s, char c) {
  char what[4] = {'\'', c, '\'', '\0'};
  skip_space(s);
  if (s->text[s->pos] != c) return syntax(s, what);
  s->pos++;
  return HDR_OK;
}

/* True (and consumed) when the next token is `c`. */
static int accept(scanner *s, char c) {
  skip_space(s);
  if (s->text[s->pos] != c) return 0;
  s->pos++;
  return 1;
}

/* A decimal integer from 0 to 2^64 - 1 without sign or leading zeros, as JSON writes it. */
static hdr_status parse_u64(scanner *s, uint64_t *out) {
  size_t start;
  uint64_t value = 0;
  skip_space(s);
  start = s->pos;
  if (s->text[s->pos] < '0' || s->text[s->pos] > '9') return syntax(s, "an unsigned integer");
  while (s->text[s->pos] >= '0' && s->text[s->pos] <= '9') {
    unsigned digit = (unsigned)(s->text[s->pos] - '0');
    if (value > (UINT64_MAX - digit) / 10) {
      return hdr_fail(s->err, HDR_ERR_SYNTAX, start, "number at offset %lu is above 2^64 - 1",
                      (unsigned long)start);
    }
    value = value * 10 + digit;
    s->pos++;
  }
  if (s->text[start] == '0' && s->pos - start > 1) {
    return hdr_fail(s->err, HDR_ERR_SYNTAX, start, "number at offset %lu has a leading zero",
                    (unsigned long)start);
  }
  *out = value;
  return HDR_OK;
}

/*
 * Parses the runs array into gap/length/count varints at `out`, which has room for them (every
 * number in the text is at least as long as its varint). Returns the end of what was written.
 */
static hdr_status parse_runs(scanner *s, uint8_t **out, uint64_t *runs) {
  uint64_t previous_end = 0;
  hdr_status status;
  *runs = 0;
  if ((status = expect(s, '[')) != HDR_OK) return status;
  if (accept(s, ']')) return HDR_OK;
  do {
    uint64_t start, count, length = 0;
    size_t start_at;
    uint8_t *length_at, length_bytes[HDR_VARINT_MAX_BYTES];
    if ((status = expect(s, '[')) != HDR_OK) return status;
    skip_space(s);
    start_at = s->pos;
    if ((status = parse_u64(s, &start)) != HDR_OK) return status;
    if (*runs > 0 && start < previous_end) {
      return hdr_fail(s->err, HDR_ERR_SYNTAX, start_at,
                      "run %llu starts at index %llu, inside the previous run ending at %llu; runs ascend",
                      (unsigned long long)*runs, (unsigned long long)start, (unsigned long long)previous_end - 1);
    }
    *out = hdr_put_varint(*out, start - previous_end);
    /* The length is known after the counts: write them, then slide them over to fit its varint. */
    length_at = *out;
    if ((status = expect(s, ',')) != HDR_OK || (status = expect(s, '[')) != HDR_OK) return status;
    if (!accept(s, ']')) {
      do {
        if ((status = parse_u64(s, &count)) != HDR_OK) return status;
        *out = hdr_put_varint(*out, count);
        length++;
      } while (accept(s, ','));
      if ((status = expect(s, ']')) != HDR_OK) return status;
    }
    {
      size_t length_size = (size_t)(hdr_put_varint(length_bytes, length) - length_bytes);
      memmove(length_at + length_size, length_at, (size_t)(*out - length_at));
      memcpy(length_at, length_bytes, length_size);
      *out += length_size;
    }
    if ((status = expect(s, ']')) != HDR_OK) return status;
    previous_end = start + length < start ? UINT64_MAX : start + length;
    (*runs)++;
  } while (accept(s, ','));
  return expect(s, ']');
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static hdr_status parse_hex(const char *text, uint8_t *out, size_t *len, hdr_error *err) {
  size_t k, n = strlen(text);
  if (n % 2 != 0) return hdr_fail(err, HDR_ERR_SYNTAX, n, "hex form has an odd number of digits (%lu)",
                                  (unsigned long)n);
  for (k = 0; k < n; k += 2) {
    int high = hex_digit(text[k]), low = hex_digit(text[k + 1]);
    if (high < 0 || low < 0) {
      size_t at = high < 0 ? k : k + 1;
      return hdr_fail(err, HDR_ERR_SYNTAX, at + 2, "expected a hex digit at offset %lu, found '%c'",
                      (unsigned long)(at + 2), text[at]);
    }
    out[k / 2] = (uint8_t)(high << 4 | low);
  }
  *len = n / 2;
  return HDR_OK;
}

static const char *const KEYS[] = {"count", "sum", "min", "max", "runs"};

/* Parses the object form into an encoding at `buf` (HEADER_ROOM + text length bytes). */
static hdr_status parse_object(scanner *s, uint8_t *buf, uint8_t **begin, uint8_t **end) {
  uint64_t values[5] = {0, 0, 0, 0, 0};
  int seen[5] = {0, 0, 0, 0, 0};
  uint8_t *runs_end = buf + HEADER_ROOM, header[HEADER_ROOM], *p = header;
  hdr_status status;
  int k;
  if ((status = expect(s, '{')) != HDR_OK) return status;
  do {
    size_t key_at;
    int key = -1;
    skip_space(s);
    key_at = s->pos;
    if ((status = expect(s, '"')) != HDR_OK) return status;
    for (k = 0; k < 5 && key < 0; k++) {
      size_t n = strlen(KEYS[k]);
      if (strncmp(s->text + s->pos, KEYS[k], n) == 0 && s->text[s->pos + n] == '"') {
        key = k;
        s->pos += n + 1;
      }
    }
    if (key < 0) {
      return hdr_fail(s->err, HDR_ERR_SYNTAX, key_at,
                      "unknown key at offset %lu; the keys are count, sum, min, max and runs", (unsigned long)key_at);
    }
    if (seen[key]) {
      return hdr_fail(s->err, HDR_ERR_SYNTAX, key_at, "key %s repeated at offset %lu", KEYS[key],
                      (unsigned long)key_at);
    }
    seen[key] = 1;
    if ((status = expect(s, ':')) != HDR_OK) return status;
    status = key == 4 ? parse_runs(s, &runs_end, &values[4]) : parse_u64(s, &values[key]);
    if (status != HDR_OK) return status;
  } while (accept(s, ','));
  if ((status = expect(s, '}')) != HDR_OK) return status;
  skip_space(s);
  if (s->text[s->pos] != '\0') return syntax(s, "the end of the text");
  for (k = 0; k < 5; k++) {
    if (!seen[k]) return hdr_fail(s->err, HDR_ERR_SYNTAX, s->pos, "key %s is missing", KEYS[k]);
  }
  *p++ = HDR_ENCODING_VERSION;
  for (k = 0; k < 5; k++) p = hdr_put_varint(p, values[k]);
  *begin = buf + HEADER_ROOM - (p - header);
  memcpy(*begin, header, (size_t)(p - header));
  *end = runs_end;
  return HDR_OK;
}

hdr_status hdr_parse_text(hdr_histogram *h, const char *text, hdr_error *err) {
  size_t n = strlen(text), len = 0;
  uint8_t *buf = h->allocator->allocate(HEADER_ROOM + n + 1);
  uint8_t *begin = NULL, *end = NULL;
  hdr_status status;
  if (!buf) return hdr_fail(err, HDR_ERR_NOMEM, 0, "out of memory for %lu bytes of text", (unsigned long)n);
  if (text[0] == '\\' && text[1] == 'x') {
    status = parse_hex(text + 2, buf, &len, err);
    if (status == HDR_OK) status = hdr_decode(h, buf, len, err);
  } else {
    scanner s;
    s.text = text;
    s.pos = 0;
    s.err = err;
    status = parse_object(&s, buf, &begin, &end);
    if (status == HDR_OK) status = hdr_decode(h, begin, (size_t)(end - begin), err);
  }
  h->allocator->release(buf);
  return status;
}
