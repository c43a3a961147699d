/* Glue between the HDR core and PostgreSQL (see hdr_pg.h). */
#include "hdr_pg.h"

#include <math.h>

#include "fmgr.h"

PG_MODULE_MAGIC;

static void *pg_allocate(size_t size) { return palloc(size); }

const hdr_allocator hdr_pg_allocator = {pg_allocate, pfree};

void hdr_pg_raise(const hdr_error *err, int sqlerrcode, const char *what) {
  if (err->status == HDR_ERR_NOMEM) {
    ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory for %s", what)));
  }
  if (err->status == HDR_ERR_OVERFLOW) {
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("%s: %s", what, err->message),
                    errhint("A histogram counts at most 2^64 - 1 values summing to at most 2^64 - 1 units.")));
  }
  if (sqlerrcode == ERRCODE_INVALID_BINARY_REPRESENTATION) {
    ereport(ERROR, (errcode(sqlerrcode), errmsg("invalid %s: %s", what, err->message),
                    errdetail("Decoding stopped at byte %lu of the encoding.", (unsigned long)err->offset)));
  }
  ereport(ERROR, (errcode(sqlerrcode), errmsg("invalid %s: %s", what, err->message)));
  pg_unreachable();
}

void hdr_pg_decode(hdr_histogram *h, struct varlena *value) {
  struct varlena *bytes = PG_DETOAST_DATUM_PACKED(value);
  hdr_error err;
  if (hdr_decode(h, (const uint8_t *)VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes), &err) != HDR_OK) {
    hdr_pg_raise(&err, ERRCODE_INVALID_BINARY_REPRESENTATION, "hdr value");
  }
}

void hdr_pg_merge(hdr_histogram *h, struct varlena *value) {
  struct varlena *bytes = PG_DETOAST_DATUM_PACKED(value);
  hdr_error err;
  if (hdr_merge_encoded(h, (const uint8_t *)VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes), &err) != HDR_OK) {
    hdr_pg_raise(&err, ERRCODE_INVALID_BINARY_REPRESENTATION, "hdr value");
  }
  if ((Pointer)bytes != (Pointer)value) pfree(bytes);
}

bytea *hdr_pg_encode(const hdr_histogram *h) {
  size_t size = hdr_encoded_size(h);
  bytea *out = (bytea *)palloc(VARHDRSZ + size);
  SET_VARSIZE(out, VARHDRSZ + size);
  hdr_encode(h, (uint8_t *)VARDATA(out));
  return out;
}

uint64 hdr_pg_to_units(float8 value) {
  double units;
  if (isnan(value)) {
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("cannot record NaN in an hdr histogram"),
                    errhint("Values are finite numbers in the metric's unit; filter NaN out.")));
  }
  if (value <= 0) return 0;
  units = round(value * HDR_UNITS_PER_VALUE);
  /* 2^64 is the first double a u64 cannot hold. */
  if (!(units < 18446744073709551616.0)) {
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("value %g is too large for an hdr histogram", value),
                    errhint("Values are recorded as round(value * 1000), which must be below 2^64.")));
  }
  return (uint64)units;
}
