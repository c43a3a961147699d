/*
 * A minimal JSON reader for the C tests: enough to read ../vectors/vectors.json. Numbers keep their
 * text so that u64 values above 2^53 are read exactly. Malformed input ends the test run.
 */
#ifndef BARRAGE_TEST_JSON_H
#define BARRAGE_TEST_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_kind;

/** A parsed value. Arrays and objects hold `count` items; objects also name them in `keys`. */
typedef struct json {
  json_kind kind;
  char *text; /* number text, or the string without quotes (escapes kept as written) */
  struct json *items;
  char **keys;
  size_t count;
} json;

/** Parses a whole document; prints where it failed and exits with status 2 on malformed input. */
json *json_parse(const char *text);

/** Reads a whole file and parses it; exits with status 2 if it cannot be read. */
json *json_parse_file(const char *path);

/** Frees a document returned by json_parse or json_parse_file. */
void json_free(json *root);

/** The member `key` of an object; exits with status 2 if it is missing or `value` is not an object. */
const json *json_get(const json *value, const char *key);

/** Item `i` of an array; exits with status 2 if out of range or `value` is not an array. */
const json *json_at(const json *value, size_t i);

/** A non-negative integer number as u64 (exact up to 2^64 - 1); exits with status 2 otherwise. */
uint64_t json_u64(const json *value);

/** A number as a double. */
double json_double(const json *value);

/** The text of a string value. */
const char *json_string(const json *value);

#endif
