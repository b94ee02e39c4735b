#!/usr/bin/env bash
# Two Gazette binaries side by side by the instructions a cold build executes (Valgrind's
# callgrind, one thread), on one generated archive: a count that does not move with the
# load of a shared machine, for telling a change of a few per cent from noise. Wall-clock
# figures stay benches/before_after.sh's.
#
# Usage: benches/instructions.sh OLD_GAZETTE NEW_GAZETTE [N]   (N defaults to 2000 stories)
# WORK=/path picks the work folder (default /dev/shm/instructions-N); SEED (default 42).
set -euo pipefail
OLD=${1:?usage: benches/instructions.sh OLD_GAZETTE NEW_GAZETTE [N]}
NEW=${2:?usage: benches/instructions.sh OLD_GAZETTE NEW_GAZETTE [N]}
N=${3:-2000}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/dev/shm/instructions-$N}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
(cd "$REPO" && cargo build --quiet --release --example gen_corpus)
rm -rf "$WORK"
mkdir -p "$WORK"
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK/base" "${SEED:-42}" >/dev/null
printf 'taxonomies = ["tags", "authors"]\nsearch = false\n' >> "$WORK/base/site.toml"

for side in old new; do
  bin=$OLD
  [ "$side" = new ] && bin=$NEW
  rm -rf "${WORK:?}/$side"
  cp -r "$WORK/base" "$WORK/$side"
  count=$(RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$WORK/$side.callgrind" \
    "$bin" --root "$WORK/$side" build 2>&1 | sed -n 's/.*Collected : \([0-9]*\)/\1/p')
  echo "$side: $(awk -v c="$count" 'BEGIN {printf "%.0f million instructions", c / 1e6}')"
done
echo "per-function costs: callgrind_annotate $WORK/new.callgrind"
