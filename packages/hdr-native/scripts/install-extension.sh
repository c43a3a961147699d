#!/usr/bin/env bash
# Builds the barrage_hdr PostgreSQL extension (../pg, with the C core of ../c compiled in) with PGXS
# and installs it into this machine's PostgreSQL. Idempotent: when the installed copy was built from
# the same sources it only says so. Installing needs root (or write access to the server's
# directories); as root on Debian it installs the server headers (postgresql-server-dev-<major>) and
# a compiler when they are missing.
#
# Usage: install-extension.sh            (the server in /usr/lib/postgresql/<major>, or pg_config on PATH)
#        PG_CONFIG=/path/to/pg_config install-extension.sh
set -euo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$package_dir/build/pg"

say() { echo "install-extension: $*"; }
die() {
  echo "install-extension: error: $*" >&2
  exit 1
}

# Debian installs one pg_config per server major; prefer the newest server's over PATH's, which may
# belong to libpq-dev and know nothing of the server.
find_pg_config() {
  if [[ -n "${PG_CONFIG:-}" ]]; then
    [[ -x "$PG_CONFIG" ]] || command -v "$PG_CONFIG" >/dev/null || die "PG_CONFIG=$PG_CONFIG is not an executable"
    echo "$PG_CONFIG"
    return
  fi
  local candidate
  candidate="$(ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$candidate" ]]; then
    echo "$candidate"
  elif command -v pg_config >/dev/null; then
    command -v pg_config
  else
    die "no pg_config found: install PostgreSQL (14 or newer) or set PG_CONFIG to the server's pg_config"
  fi
}

pg_config_bin="$(find_pg_config)"
major="$("$pg_config_bin" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
[[ "$major" =~ ^[0-9]+$ ]] || die "cannot read the major version from '$("$pg_config_bin" --version)'"
((major >= 14)) || die "PostgreSQL $major is too old: barrage_hdr needs 14 or newer"
share_dir="$("$pg_config_bin" --sharedir)/extension"
lib_dir="$("$pg_config_bin" --pkglibdir)"

# The stamp names the sources the installed copy was built from.
stamp="$(cd "$package_dir" && cat c/hdr.h c/hdr_internal.h c/hdr.c c/hdr_codec.c c/hdr_text.c \
  pg/Makefile pg/barrage_hdr.control pg/barrage_hdr--*.sql pg/*.h pg/*.c | sha256sum | cut -d' ' -f1)"
stamp_file="$share_dir/barrage_hdr.stamp"
if [[ -f "$stamp_file" && -f "$lib_dir/barrage_hdr.so" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  say "barrage_hdr is already installed for PostgreSQL $major from these sources ($lib_dir/barrage_hdr.so)"
  exit 0
fi

if [[ "$(id -u)" != 0 && ! (-w "$lib_dir" && -w "$share_dir") ]]; then
  die "barrage_hdr is not installed (or is out of date) for PostgreSQL $major, and installing it into \
$lib_dir and $share_dir needs root. Run: sudo $0"
fi

apt_install() {
  command -v apt-get >/dev/null || die "missing $*, and there is no apt-get to install it with: install $* by hand"
  [[ "$(id -u)" == 0 ]] || die "missing $*; installing it needs root. Run: sudo $0"
  # Another engineer's apt-get on this machine would hold the dpkg lock; queue behind it.
  local lock=(flock /tmp/barrage-apt.lock)
  command -v flock >/dev/null || lock=()
  if ! apt-cache show "$@" >/dev/null 2>&1; then
    say "apt-get update (apt does not know $*)"
    "${lock[@]}" apt-get update -qq
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive "${lock[@]}" apt-get install -y -qq "$@" >/dev/null
}

pgxs="$("$pg_config_bin" --pgxs)"
if [[ ! -f "$pgxs" || ! -f "$("$pg_config_bin" --includedir-server)/postgres.h" ]]; then
  apt_install "postgresql-server-dev-$major"
  [[ -f "$pgxs" ]] || die "postgresql-server-dev-$major did not provide $pgxs; set PG_CONFIG to the server's pg_config"
fi
compiler="$("$pg_config_bin" --cc | cut -d' ' -f1)"
missing=()
command -v make >/dev/null || missing+=(make)
command -v "$compiler" >/dev/null || missing+=(gcc)
((${#missing[@]} == 0)) || apt_install "${missing[@]}"

# Out-of-tree build (PGXS VPATH), so the source folder stays clean. JIT bitcode is skipped: it would
# need clang, and these small functions gain nothing from inlining.
mkdir -p "$build_dir"
exec 9>"$build_dir/.lock"
flock 9 2>/dev/null || true
make_args=(-C "$build_dir" -f "$package_dir/pg/Makefile" VPATH="$package_dir/pg" PG_CONFIG="$pg_config_bin" with_llvm=no)
say "building with $pg_config_bin (PostgreSQL $major)"
make -s "${make_args[@]}" >/dev/null
make -s "${make_args[@]}" install >/dev/null
echo "$stamp" >"$stamp_file"
say "installed barrage_hdr $(sed -nE "s/^default_version = '(.*)'/\1/p" "$package_dir/pg/barrage_hdr.control") \
for PostgreSQL $major: $lib_dir/barrage_hdr.so, $share_dir/barrage_hdr.control and barrage_hdr--*.sql"
say "enable it per database with: CREATE EXTENSION IF NOT EXISTS barrage_hdr;"
