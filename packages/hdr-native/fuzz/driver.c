/*
 * A seeded random-mutation driver for fuzz_decode.c, for machines without libFuzzer (gcc only).
 * Usage: driver SECONDS SEED_DIR CRASH_FILE
 * Mutates the seed files (bit flips, byte edits, inserts, deletes, splices, varint-shaped bytes)
 * and calls LLVMFuzzerTestOneInput until SECONDS have passed. Compile with
 * -fsanitize=address,undefined: when a sanitizer or a property check stops the process, the input
 * being tried is written to CRASH_FILE first.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sanitizer/common_interface_defs.h>

#define MAX_INPUT_SIZE 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t input[MAX_INPUT_SIZE];
static size_t input_size;
static const char *crash_file;

static void save_input(void) {
  FILE *f = fopen(crash_file, "wb");
  if (!f) return;
  fwrite(input, 1, input_size, f);
  fclose(f);
  fprintf(stderr, "driver: the failing input (%lu bytes) is in %s\n", (unsigned long)input_size, crash_file);
}

static void on_abort(int signal_number) {
  (void)signal_number;
  save_input();
  signal(SIGABRT, SIG_DFL);
  abort();
}

typedef struct seed {
  uint8_t *bytes;
  size_t size;
} seed;

static uint64_t state = 0x853C49E6748FEA9Bull;
static uint32_t next_random(void) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(state >> 33);
}

static seed *load_seeds(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  struct dirent *entry;
  seed *seeds = NULL;
  size_t cap = 0;
  *count = 0;
  if (!d) {
    perror(dir);
    exit(2);
  }
  while ((entry = readdir(d))) {
    char path[4096];
    FILE *f;
    if (entry->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
    f = fopen(path, "rb");
    if (!f) continue;
    if (*count == cap) {
      cap = cap ? cap * 2 : 64;
      seeds = realloc(seeds, cap * sizeof *seeds);
    }
    seeds[*count].bytes = malloc(MAX_INPUT_SIZE);
    seeds[*count].size = fread(seeds[*count].bytes, 1, MAX_INPUT_SIZE, f);
    fclose(f);
    (*count)++;
  }
  closedir(d);
  return seeds;
}

/* Applies one to eight random edits to `input`. */
static void mutate(const seed *seeds, size_t count) {
  static const uint8_t interesting[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, '[', ']', ',', '{', '}', '"', '0', '9'};
  int edits = 1 + (int)(next_random() % 8), k;
  for (k = 0; k < edits; k++) {
    size_t at = input_size ? next_random() % input_size : 0;
    switch (next_random() % 7) {
      case 0:
        if (input_size) input[at] ^= (uint8_t)(1u << (next_random() % 8));
        break;
      case 1:
        if (input_size) input[at] = interesting[next_random() % sizeof interesting];
        break;
      case 2:
        if (input_size) input[at] = (uint8_t)next_random();
        break;
      case 3:
        if (input_size < MAX_INPUT_SIZE) {
          memmove(input + at + 1, input + at, input_size - at);
          input[at] = interesting[next_random() % sizeof interesting];
          input_size++;
        }
        break;
      case 4:
        if (input_size) {
          memmove(input + at, input + at + 1, input_size - at - 1);
          input_size--;
        }
        break;
      case 5:
        input_size = at;
        break;
      default: {
        const seed *other = &seeds[next_random() % count];
        size_t from = other->size ? next_random() % other->size : 0;
        size_t n = other->size - from;
        if (at + n > MAX_INPUT_SIZE) n = MAX_INPUT_SIZE - at;
        memcpy(input + at, other->bytes + from, n);
        input_size = at + n;
      }
    }
  }
}

int main(int argc, char **argv) {
  size_t count, runs = 0;
  seed *seeds;
  time_t end;
  if (argc != 4) {
    fprintf(stderr, "usage: %s SECONDS SEED_DIR CRASH_FILE\n", argv[0]);
    return 2;
  }
  crash_file = argv[3];
  seeds = load_seeds(argv[2], &count);
  if (count == 0) {
    fprintf(stderr, "driver: no seeds in %s\n", argv[2]);
    return 2;
  }
  __sanitizer_set_death_callback(save_input);
  signal(SIGABRT, on_abort);
  end = time(NULL) + atoi(argv[1]);
  while (time(NULL) < end) {
    int k;
    for (k = 0; k < 1000; k++, runs++) {
      const seed *s = &seeds[next_random() % count];
      memcpy(input, s->bytes, s->size);
      input_size = s->size;
      if (runs >= count) mutate(seeds, count);
      LLVMFuzzerTestOneInput(input, input_size);
    }
  }
  printf("driver: %lu inputs from %lu seeds in %s s, no failure\n", (unsigned long)runs, (unsigned long)count, argv[1]);
  while (count) free(seeds[--count].bytes);
  free(seeds);
  return 0;
}
