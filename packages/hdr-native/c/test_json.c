/* A minimal JSON reader for the C tests (see test_json.h). */
#include "test_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
  const char *text;
  size_t pos;
} parser;

static void die(const char *what, size_t at) {
  fprintf(stderr, "json: %s at offset %lu\n", what, (unsigned long)at);
  exit(2);
}

static void *grow(void *ptr, size_t count, size_t size) {
  void *p = realloc(ptr, count * size);
  if (!p) die("out of memory", 0);
  return p;
}

static void skip_space(parser *p) {
  while (strchr(" \t\r\n", p->text[p->pos]) && p->text[p->pos]) p->pos++;
}

static char *copy(const char *start, size_t n) {
  char *s = grow(NULL, n + 1, 1);
  memcpy(s, start, n);
  s[n] = '\0';
  return s;
}

static char *parse_string(parser *p) {
  size_t start = ++p->pos;
  while (p->text[p->pos] != '"') {
    if (!p->text[p->pos]) die("unterminated string", start);
    p->pos += p->text[p->pos] == '\\' ? 2 : 1;
  }
  return copy(p->text + start, p->pos++ - start);
}

static void parse_value(parser *p, json *out);

static void parse_items(parser *p, json *out, char close, int named) {
  size_t cap = 0;
  p->pos++;
  skip_space(p);
  if (p->text[p->pos] == close) {
    p->pos++;
    return;
  }
  for (;;) {
    if (out->count == cap) {
      cap = cap ? cap * 2 : 8;
      out->items = grow(out->items, cap, sizeof(json));
      if (named) out->keys = grow(out->keys, cap, sizeof(char *));
    }
    skip_space(p);
    if (named) {
      if (p->text[p->pos] != '"') die("expected a key", p->pos);
      out->keys[out->count] = parse_string(p);
      skip_space(p);
      if (p->text[p->pos++] != ':') die("expected ':'", p->pos - 1);
    }
    parse_value(p, &out->items[out->count++]);
    skip_space(p);
    if (p->text[p->pos] == close) {
      p->pos++;
      return;
    }
    if (p->text[p->pos++] != ',') die("expected ',' or a closing bracket", p->pos - 1);
  }
}

static void parse_value(parser *p, json *out) {
  char c;
  memset(out, 0, sizeof *out);
  skip_space(p);
  c = p->text[p->pos];
  if (c == '{') {
    out->kind = JSON_OBJECT;
    parse_items(p, out, '}', 1);
  } else if (c == '[') {
    out->kind = JSON_ARRAY;
    parse_items(p, out, ']', 0);
  } else if (c == '"') {
    out->kind = JSON_STRING;
    out->text = parse_string(p);
  } else if (strncmp(p->text + p->pos, "null", 4) == 0) {
    out->kind = JSON_NULL;
    p->pos += 4;
  } else if (strncmp(p->text + p->pos, "true", 4) == 0 || strncmp(p->text + p->pos, "false", 5) == 0) {
    out->kind = JSON_BOOL;
    out->text = copy(p->text + p->pos, c == 't' ? 4 : 5);
    p->pos += c == 't' ? 4 : 5;
  } else {
    size_t start = p->pos;
    while (p->text[p->pos] && strchr("+-0123456789.eE", p->text[p->pos])) p->pos++;
    if (p->pos == start) die("unexpected character", start);
    out->kind = JSON_NUMBER;
    out->text = copy(p->text + start, p->pos - start);
  }
}

json *json_parse(const char *text) {
  parser p;
  json *root = grow(NULL, 1, sizeof(json));
  p.text = text;
  p.pos = 0;
  parse_value(&p, root);
  skip_space(&p);
  if (p.text[p.pos]) die("trailing text", p.pos);
  return root;
}

json *json_parse_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text;
  long size;
  json *root;
  if (!f) {
    fprintf(stderr, "json: cannot open %s: %s\n", path, strerror(errno));
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = grow(NULL, (size_t)size + 1, 1);
  if (fread(text, 1, (size_t)size, f) != (size_t)size) die("short read", 0);
  fclose(f);
  text[size] = '\0';
  root = json_parse(text);
  free(text);
  return root;
}

static void free_value(json *value) {
  size_t i;
  for (i = 0; i < value->count; i++) {
    free_value(&value->items[i]);
    if (value->keys) free(value->keys[i]);
  }
  free(value->items);
  free(value->keys);
  free(value->text);
}

void json_free(json *root) {
  free_value(root);
  free(root);
}

const json *json_get(const json *value, const char *key) {
  size_t i;
  if (value->kind != JSON_OBJECT) die("member asked of a non-object", 0);
  for (i = 0; i < value->count; i++) {
    if (strcmp(value->keys[i], key) == 0) return &value->items[i];
  }
  fprintf(stderr, "json: missing key \"%s\"\n", key);
  exit(2);
}

const json *json_at(const json *value, size_t i) {
  if (value->kind != JSON_ARRAY || i >= value->count) die("array item out of range", i);
  return &value->items[i];
}

uint64_t json_u64(const json *value) {
  char *end;
  unsigned long long v;
  if (value->kind != JSON_NUMBER || value->text[0] == '-') die("expected a non-negative integer", 0);
  errno = 0;
  v = strtoull(value->text, &end, 10);
  if (errno || *end) {
    fprintf(stderr, "json: %s is not an integer from 0 to 2^64 - 1\n", value->text);
    exit(2);
  }
  return (uint64_t)v;
}

double json_double(const json *value) {
  if (value->kind != JSON_NUMBER) die("expected a number", 0);
  return strtod(value->text, NULL);
}

const char *json_string(const json *value) {
  if (value->kind != JSON_STRING) die("expected a string", 0);
  return value->text;
}
