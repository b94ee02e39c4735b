#!/usr/bin/env bash
# What one editorial event costs a built archive of N stories, with stable pages: files
# written by `gazette build` (a new process each time; besides the search index's, and in
# all) and its wall time, for a new story dated now (a common tag, a rare tag, an author and
# a dateline), then that story deleted, then an old story's date moved by a year.
#
# Usage: benches/stable_pages.sh N [SCHEME]      (SCHEME: stable, the default, or newest-first)
# WORK=/path picks the work folder (default /dev/shm/stable-pages-N, a RAM file system);
# SEED sets the corpus seed.
set -euo pipefail
N=${1:?usage: benches/stable_pages.sh N [stable|newest-first]}
SCHEME=${2:-stable}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/dev/shm/stable-pages-$N}
(cd "$REPO" && cargo build --quiet --release && cargo build --quiet --release --example gen_corpus)
GAZETTE=$REPO/target/release/gazette
rm -rf "$WORK"
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK" "${SEED:-42}" >/dev/null
printf 'pagination = "%s"\n' "$SCHEME" >> "$WORK/site.toml"

# One build: "files written, of them besides the search index, seconds".
build() {
  local t0 t1 log
  log=$(mktemp)
  t0=$(date +%s.%N)
  "$GAZETTE" --root "$WORK" --verbose build 2>"$log" >/dev/null
  t1=$(date +%s.%N)
  # `--verbose` lists every path written or removed, indented, after the summary line.
  local all search
  all=$(grep -c '^  [^ ]*$' "$log" || true)
  search=$(grep -c '^  search/' "$log" || true)
  printf '%s %s %.2f\n' "$all" "$((all - search))" "$(echo "$t1 - $t0" | bc)"
  rm -f "$log"
}

printf '\n%s stories (seed %s), pagination = "%s", %s\n\n' "$N" "${SEED:-42}" "$SCHEME" "$(date -u +%F)"
printf '| event | files written | of them, besides the search index | build |\n|---|---:|---:|---:|\n'
read -r all rest secs < <(build)
printf '| cold build | %s | %s | %s s |\n' "$all" "$rest" "$secs"
read -r all rest secs < <(build)
printf '| nothing changed | %s | %s | %s s |\n' "$all" "$rest" "$secs"

story="$WORK/content/world/$(date -u +%Y)/$(date -u +%F)-bench-new-story.md"
mkdir -p "$(dirname "$story")"
cat > "$story" <<MD
+++
title = "Harbour board approves the new ferry timetable"
date = "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
tags = ["elections", "topic-17"]
authors = ["Benchmark Desk"]
dateline = "Port Alvar"
+++

The harbour board approved the new ferry timetable on Tuesday, adding two evening crossings.
MD
read -r all rest secs < <(build)
printf '| one new story | %s | %s | %s s |\n' "$all" "$rest" "$secs"
rm "$story"
read -r all rest secs < <(build)
printf '| that story deleted | %s | %s | %s s |\n' "$all" "$rest" "$secs"

# An old story (the first file in byte order) dated a year later.
old=$(find "$WORK/content" -name '*.md' | sort | sed -n 1p)
python3 - "$old" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
def later(m):
    return f'{m.group(1)}{int(m.group(2)) + 1}{m.group(3)}'
new = re.sub(r'^(date = "?)(\d{4})(-)', later, text, count=1, flags=re.M)
if new == text:
    sys.exit(f"no date line in {path}")
open(path, "w", encoding="utf-8").write(new)
PY
read -r all rest secs < <(build)
printf '| an old story dated a year later | %s | %s | %s s |\n' "$all" "$rest" "$secs"
