#!/usr/bin/env bash
# Benchmark: slug creation and upload, ratios measured in this one run.
#   Slug creation from an image whose /app is a generated tree of >= 200 MB (25,000 small
#   files plus a few large ones, half random, half text):
#     A  slugbuilder slug pack IMAGE   (the engine's archive of /app, re-packed streaming,
#        gzip level 6 on every core); A4 the same at --compression-level 4
#     B  the 2015 plugin's way: docker run IMAGE tar cfvz, docker wait, docker cp, docker rm
#     C  tar | pigz of the same tree on the host: the practical limit
#   target A/B <= 0.5. Medians of ROUNDS (default 3), interleaved.
#   Memory: slug pack of a MEMORY_MB (default 1024) /app with -Xmx64m; peak RSS.
#     MEMORY_MB=0 skips it.
#   Upload: slugbuilder slug release to a local fake Platform API vs curl --data-binary of
#   the same file to the same server; target slugbuilder/curl >= 0.9 (MB/s of the transfer).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
memory_mb="${MEMORY_MB:-1024}"
. scripts/prepare.sh
command -v pigz >/dev/null || { apt-get install -y -qq pigz >/dev/null 2>&1 || true; }
compressor=pigz
command -v pigz >/dev/null || { compressor=gzip; echo "note: pigz could not be installed; C uses gzip"; }

stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"
image=slugbuilder-bench/slug:latest
big_image=slugbuilder-bench/slug:big
work="$(mktemp -d)"
server_pid=""
cleanup() {
  docker rm -f bench-orig >/dev/null 2>&1 || true
  docker rmi -f "$image" "$big_image" >/dev/null 2>&1 || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

build_image() { # TAG SMALL LARGE LARGE_MB
  rm -rf "$work/ctx" && mkdir -p "$work/ctx/app"
  python3 scripts/bench/make-tree.py "$work/ctx/app" "$2" "$3" "$4"
  echo "web: ./serve" > "$work/ctx/app/src/Procfile" # slug release takes the process types from it
  printf 'FROM %s\nCOPY app /app\n' "$stack" > "$work/ctx/Dockerfile"
  docker build -q -t "$1" "$work/ctx" >/dev/null
}

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== generating /app and building $image"
build_image "$image" 25000 4 40
tree_mb="$(du -sm --apparent-size "$work/ctx/app" | cut -f1)"
files="$(find "$work/ctx/app" -type f | wc -l)"
echo "   /app: $tree_mb MB in $files files"

a=(); a4=(); b=(); c=()
for round in $(seq 1 "$rounds"); do
  t0=$(now); bin/slugbuilder slug pack "$image" -o "$work/a.tgz" >/dev/null 2>&1; t1=$(now)
  a+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); bin/slugbuilder slug pack --compression-level 4 "$image" -o "$work/a4.tgz" >/dev/null 2>&1; t1=$(now)
  a4+=("$(echo "$t1 - $t0" | bc)")

  t0=$(now)
  docker run -d --name bench-orig "$image" tar cfvz /tmp/slug.tgz -C / ./app >/dev/null
  docker wait bench-orig >/dev/null
  docker cp bench-orig:/tmp/slug.tgz "$work/b.tgz"
  docker rm bench-orig >/dev/null
  t1=$(now)
  b+=("$(echo "$t1 - $t0" | bc)")

  t0=$(now); tar cf - -C "$work/ctx" ./app | "$compressor" > "$work/c.tgz"; t1=$(now)
  c+=("$(echo "$t1 - $t0" | bc)")
  echo "   round $round: A ${a[-1]} s, A4 ${a4[-1]} s, B ${b[-1]} s, C ${c[-1]} s"
done
ma="$(printf '%s\n' "${a[@]}" | median)"; ma4="$(printf '%s\n' "${a4[@]}" | median)"; mb="$(printf '%s\n' "${b[@]}" | median)"; mc="$(printf '%s\n' "${c[@]}" | median)"
size() { echo "scale=1; $(stat -c %s "$1") / 1000000" | bc; }
echo
echo "Slug creation, $tree_mb MB /app, medians of $rounds:"
printf '  A slugbuilder slug pack      %6.2f s  (slug %s MB)\n' "$ma" "$(size "$work/a.tgz")"
printf '  A4 same, --compression-level 4 %5.2f s  (slug %s MB)\n' "$ma4" "$(size "$work/a4.tgz")"
printf '  B docker run tar cfvz + cp   %6.2f s  (slug %s MB)\n' "$mb" "$(size "$work/b.tgz")"
printf '  C host tar | %-14s %6.2f s  (slug %s MB)\n' "$compressor" "$mc" "$(size "$work/c.tgz")"
printf '  A/B = %.2f (target <= 0.5)   A4/B = %.2f   A/C = %.2f\n' "$(echo "$ma / $mb" | bc -l)" "$(echo "$ma4 / $mb" | bc -l)" \
  "$(echo "$ma / $mc" | bc -l)"

if [ "$memory_mb" -gt 0 ]; then
  echo
  echo "== generating a $memory_mb MB /app for the memory check"
  large=$(( (memory_mb - 100) / 100 ))
  build_image "$big_image" 25000 "$large" 100
  /usr/bin/time -v java -Xmx64m -XX:+UseSerialGC -jar target/slugbuilder.jar slug pack --max-size 4096 --warn-above 4096 "$big_image" -o "$work/big.tgz" \
    >/dev/null 2> "$work/time.txt"
  rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")"
  # MB is 10^6 bytes here as everywhere in slugbuilder's output
  big_mb="$(( $(du -sb --apparent-size "$work/ctx/app" | cut -f1) / 1000000 ))"
  echo "Memory: $big_mb MB /app packed with -Xmx64m: peak RSS $((rss_kb * 1024 / 1000000)) MB;" \
    "RSS/app size = $(echo "scale=3; $rss_kb * 1024 / 1000000 / $big_mb" | bc)"
  rm -f "$work/big.tgz"
fi

echo
upload_round() { # PORT LABEL
  local line speed
  line="$(HEROKU_API_KEY=bench-token bin/slugbuilder slug release "$work/a.tgz" -a bench --api-url "http://127.0.0.1:$1" 2>&1 \
    | sed -n 's/.*uploaded .* (\([0-9.]*\) MB\/s)/\1/p')"
  speed="$(curl -s -o /dev/null -X PUT --data-binary @"$work/a.tgz" -w '%{speed_upload}' "http://127.0.0.1:$1/blob/curl")"
  up+=("$line"); cu+=("$(echo "scale=1; $speed / 1000000" | bc)")
  echo "   $2 round $round: slugbuilder ${up[-1]} MB/s, curl ${cu[-1]} MB/s"
}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
echo "== upload of the $(size "$work/a.tgz") MB slug to a local fake Platform API (loopback, then paced at 1 Gbit/s)"
for pace in "" 125; do
  port="$(free_port)"
  python3 scripts/fake-platform.py "$port" $pace &
  server_pid=$!
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/apps/bench" >/dev/null 2>&1 && break; sleep 0.1; done
  up=(); cu=()
  for round in $(seq 1 "$rounds"); do upload_round "$port" "${pace:+paced }"; done
  kill "$server_pid"; server_pid=""
  mu="$(printf '%s\n' "${up[@]}" | median)"; mcu="$(printf '%s\n' "${cu[@]}" | median)"
  printf '  %-28s slugbuilder %7.1f MB/s   curl --data-binary %7.1f MB/s   slugbuilder/curl = %.2f (target >= 0.9)\n' \
    "$([ -n "$pace" ] && echo "paced at $pace MB/s:" || echo "loopback, unpaced:")" "$mu" "$mcu" "$(echo "$mu / $mcu" | bc -l)"
done
