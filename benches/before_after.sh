#!/usr/bin/env bash
# Two Gazette binaries side by side on one generated archive: a cold build and a one-story
# edit (each in a new process), alternating, ROUNDS times. For checking that a change
# makes no figure worse: build the older commit in a worktree, then pass both binaries.
#
# Usage: benches/before_after.sh OLD_GAZETTE NEW_GAZETTE N
# WORK=/path picks the work folder (default /dev/shm/before-after-N, a RAM file system);
# ROUNDS (default 2) and SEED (default 42).
set -euo pipefail
OLD=${1:?usage: benches/before_after.sh OLD_GAZETTE NEW_GAZETTE N}
NEW=${2:?usage: benches/before_after.sh OLD_GAZETTE NEW_GAZETTE N}
N=${3:?usage: benches/before_after.sh OLD_GAZETTE NEW_GAZETTE N}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/dev/shm/before-after-$N}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
(cd "$REPO" && cargo build --quiet --release --example gen_corpus)
rm -rf "$WORK"
mkdir -p "$WORK"
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK/base" "${SEED:-42}" >/dev/null
printf 'taxonomies = ["tags", "authors"]\nsearch = false\n' >> "$WORK/base/site.toml"

# Runs a command under /usr/bin/time; prints wall time, CPU time and peak memory.
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { tail -n 20 "$log" >&2; rm -f "$log"; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; w=s}
    /Maximum resident/ {m=$2/1024} /User time/ {u=$2} /System time/ {st=$2}
    END {printf "%.2f s wall, %.2f s CPU, %.0f MiB", w, u+st, m}' "$log"
  rm -f "$log"
}

for round in $(seq "${ROUNDS:-2}"); do
  for side in old new; do
    bin=$OLD
    [ "$side" = new ] && bin=$NEW
    rm -rf "${WORK:?}/$side"
    cp -r "$WORK/base" "$WORK/$side"
    sync
    echo "round $round, $side, cold build: $(measure "$bin" --root "$WORK/$side" build)"
    story=$(find "$WORK/$side/content" -name '*.md' | sort | sed -n 1p)
    printf '\nOne more paragraph, added by the benchmark.\n' >> "$story"
    echo "round $round, $side, one story edited: $(measure "$bin" --root "$WORK/$side" build)"
    rm -rf "${WORK:?}/$side"
  done
done
