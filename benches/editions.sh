#!/usr/bin/env bash
# An archive of N stories in two editions (English and Russian, every Russian story the
# translation of an English one: N/2 each) against the same N stories in one edition:
# cold build, a build with nothing changed, and one story's body edited, each in a new
# process, with wall time, CPU time and peak memory. The two archives are built in turn,
# round after round, so that the machine's load falls on both alike.
#
# Usage: benches/editions.sh N [ROUNDS]
# WORK=/path picks the work folder (default /dev/shm/editions-N, a RAM file system); SEED
# sets the corpus seed; search is off (it is measured in its own benchmarks).
set -euo pipefail
N=${1:?usage: benches/editions.sh N [ROUNDS]}
ROUNDS=${2:-1}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/dev/shm/editions-$N}
(cd "$REPO" && cargo build --quiet --release && cargo build --quiet --release --example gen_corpus)
GAZETTE=$REPO/target/release/gazette
rm -rf "$WORK"
mkdir -p "$WORK"
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK/one" "${SEED:-42}" >/dev/null
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK/two" "${SEED:-42}" ru >/dev/null
for site in one two; do
  printf 'search = false\n' | cat - "$WORK/$site/site.toml" > "$WORK/site.toml.new"
  mv "$WORK/site.toml.new" "$WORK/$site/site.toml"
done

# One build of `site`: "wall seconds, CPU seconds, peak MiB".
build() {
  local log
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" "$GAZETTE" --root "$WORK/$1" --quiet build
  awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$log"
  rm -f "$log"
}

# The body of one story from the middle of the archive (an English one), edited.
edit() {
  local story
  story=$(find "$WORK/$1/content" -name "*-story-$((N / 2)).md" | head -1)
  printf '\nOne more paragraph, added by the benchmark.\n' >> "$story"
}

printf '\n%s stories (seed %s), search off, %s\n\n' "$N" "${SEED:-42}" "$(date -u +%F)"
printf '| round | archive | cold build | nothing changed | one story edited |\n|---|---|---|---|---|\n'
for round in $(seq "$ROUNDS"); do
  for site in one two; do
    rm -rf "$WORK/$site/public" "$WORK/$site/.gazette"
    read -r cw cc cm < <(build "$site")
    read -r nw nc nm < <(build "$site")
    edit "$site"
    read -r ew ec em < <(build "$site")
    name=$([ "$site" = one ] && echo "one edition" || echo "two editions (N/2 each)")
    printf '| %s | %s | %s s, %s s CPU, %s MiB | %s s, %s MiB | %s s, %s s CPU, %s MiB |\n' \
      "$round" "$name" "$cw" "$cc" "$cm" "$nw" "$nm" "$ew" "$ec" "$em"
  done
done
