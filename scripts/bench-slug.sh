#!/usr/bin/env bash
# Benchmark: slug creation and upload (issue 11, targets 1 and 4); every ratio from this one run.
#   Slug creation, on two generated /app trees: "small" (node_modules-like: 40,000 files of
#   1-7 KiB, two 10 MB ones) and "large" (six 40 MB binaries, half random, half text, and
#   500 small files). For each, interleaved, medians of ROUNDS (default 3):
#     A   slugbuilder slug pack IMAGE (gzip level 6)
#     Ar  the same with --reproducible                          target Ar/A <= 1.10
#     E   what the engine itself offers: docker create, GET /containers/ID/archive?path=/app
#         over its socket piped through pigz -6, docker rm        target A/E <= 1.15
#     B   the 2015 plugin's way: docker run IMAGE tar cfz, docker wait, docker cp, docker rm
#                                                                 target A/B <= 0.6
#     size: A's slug against pigz -6's (E's)                     target <= 1.02
#     cpu: user+sys seconds of slugbuilder and of curl | pigz (the engine's own tar is in
#         neither): a figure that other load on the machine disturbs less than wall time
#   Memory: slug pack of a MEMORY_MB (default 1024) /app with -Xmx64m; peak RSS, target
#     < 150 MB. MEMORY_MB=0 skips it.
#   Upload: slugbuilder slug release to a local fake Platform API vs curl --data-binary of
#     the same file to the same server, MB/s of the transfer, medians of ROUNDS; unpaced on
#     loopback (target >= 0.9), then paced at 1 Gbit/s (target >= 0.98). The pace is the
#     server's: it reads at most 125 MB/s (scripts/fake-platform.py RATE), which needs no root
#     and no tc qdisc.
#   SHAPES="small large" picks the trees; UPLOAD=0 skips the upload.
# The machine's other load shows in every figure: run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
memory_mb="${MEMORY_MB:-1024}"
shapes="${SHAPES:-small large}"
upload="${UPLOAD:-1}"
. scripts/prepare.sh
need() { # COMMAND PACKAGE
  command -v "$1" >/dev/null && return 0
  echo "== installing $2" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >/dev/null 2>&1 || true
  command -v "$1" >/dev/null || { echo "error: $1 is missing and $2 could not be installed" >&2; exit 6; }
}
need pigz pigz
need bc bc
need curl curl
[ -x /usr/bin/time ] || need /usr/bin/time time
bin/slugbuilder --version >/dev/null # a new jar's first run records its class-data archive: not in A's time

stack="${SLUGBUILDER_STACK:-slugbuilder/stack:bookworm}"
label=slugbuilder-bench=slug
socket="${DOCKER_HOST#unix://}"
[[ "$DOCKER_HOST" == unix://* ]] || { echo "error: E reads the engine's socket: DOCKER_HOST must be unix://" >&2; exit 6; }
work="$(mktemp -d)"
images=()
server_pid=""
cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  [ "${#images[@]}" -gt 0 ] && docker rmi -f "${images[@]}" >/dev/null 2>&1 || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

build_image() { # TAG SMALL LARGE LARGE_MB
  rm -rf "$work/ctx" && mkdir -p "$work/ctx/app"
  python3 scripts/bench/make-tree.py "$work/ctx/app" "$2" "$3" "$4"
  echo "web: ./serve" > "$work/ctx/app/src/Procfile" # slug release takes the process types from it
  printf 'FROM %s\nLABEL %s\nCOPY app /app\n' "$stack" "$label" > "$work/ctx/Dockerfile"
  images+=("$1")
  docker build -q -t "$1" "$work/ctx" >/dev/null 2>&1
}

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
cpu_of() { awk '{print $1 + $2}' "$work/cpu.txt"; } # after: /usr/bin/time -f '%U %S' -o "$work/cpu.txt"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { echo "$1 / $2" | bc -l; }
size() { stat -c %s "$1"; }
mb() { echo "scale=1; $1 / 1000000" | bc; }

bench_shape() { # NAME SMALL LARGE LARGE_MB
  local image="slugbuilder-bench/slug:$1" t0 id a=() ar=() e=() b=() acpu=() ecpu=() a0=()
  echo "== $1 tree: generating /app and building $image"
  build_image "$image" "$2" "$3" "$4"
  echo "   /app: $(du -sm --apparent-size "$work/ctx/app" | cut -f1) MB in $(find "$work/ctx/app" -type f | wc -l) files"
  for round in $(seq 1 "$rounds"); do
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$work/cpu.txt" bin/slugbuilder slug pack "$image" -o "$work/a.tgz" >/dev/null 2>&1
    a+=("$(since "$t0")"); acpu+=("$(cpu_of)")
    t0=$(now); bin/slugbuilder slug pack --reproducible "$image" -o "$work/ar.tgz" >/dev/null 2>&1; ar+=("$(since "$t0")")
    if [ -n "${BASELINE_BIN:-}" ]; then
      t0=$(now); "$BASELINE_BIN" slug pack "$image" -o "$work/a0.tgz" >/dev/null 2>&1; a0+=("$(since "$t0")")
    fi

    t0=$(now)
    id="$(docker create --label "$label" "$image" /bin/true)"
    /usr/bin/time -f '%U %S' -o "$work/cpu.txt" bash -c 'set -o pipefail; curl -fsS --unix-socket "$1" "http://docker/containers/$2/archive?path=/app" | pigz -6 > "$3"' \
      _ "$socket" "$id" "$work/e.tgz"
    docker rm "$id" >/dev/null
    e+=("$(since "$t0")"); ecpu+=("$(cpu_of)")

    t0=$(now)
    docker run -d --label "$label" --name bench-orig "$image" tar cfz /tmp/slug.tgz -C / ./app >/dev/null
    docker wait bench-orig >/dev/null
    docker cp bench-orig:/tmp/slug.tgz "$work/b.tgz"
    docker rm bench-orig >/dev/null
    b+=("$(since "$t0")")
    echo "   round $round: A ${a[-1]} s (cpu ${acpu[-1]} s), Ar ${ar[-1]} s, E ${e[-1]} s (cpu ${ecpu[-1]} s), B ${b[-1]} s"
  done
  local ma mar me mb_ mac mec
  ma="$(printf '%s\n' "${a[@]}" | median)"; mar="$(printf '%s\n' "${ar[@]}" | median)"
  me="$(printf '%s\n' "${e[@]}" | median)"; mb_="$(printf '%s\n' "${b[@]}" | median)"
  mac="$(printf '%s\n' "${acpu[@]}" | median)"; mec="$(printf '%s\n' "${ecpu[@]}" | median)"
  summary+=("$(printf '  %-6s A %6.2f s  Ar %6.2f s  E %6.2f s  B %6.2f s | A/E %.2f (<= 1.15)  A/B %.2f (<= 0.6)  size/pigz %.4f (<= 1.02)  Ar/A %.2f (<= 1.10)  cpu A/E %.2f  [slug %s MB, pigz %s MB]' \
    "$1" "$ma" "$mar" "$me" "$mb_" "$(ratio "$ma" "$me")" "$(ratio "$ma" "$mb_")" \
    "$(ratio "$(size "$work/a.tgz")" "$(size "$work/e.tgz")")" "$(ratio "$mar" "$ma")" "$(ratio "$mac" "$mec")" \
    "$(mb "$(size "$work/a.tgz")")" "$(mb "$(size "$work/e.tgz")")")")
  if [ -n "${BASELINE_BIN:-}" ]; then
    local ma0; ma0="$(printf '%s\n' "${a0[@]}" | median)"
    summary+=("$(printf '  %-6s A0 baseline %6.2f s | A0/E %.2f  A/A0 %.2f' "$1" "$ma0" "$(ratio "$ma0" "$me")" "$(ratio "$ma" "$ma0")")")
  fi
  docker rmi -f "$image" >/dev/null 2>&1 || true
}

summary=()
for shape in $shapes; do
  case "$shape" in
    small) bench_shape small 40000 2 10 ;;
    large) bench_shape large 500 6 40 ;;
    *) echo "error: unknown shape $shape (small, large)" >&2; exit 2 ;;
  esac
done

if [ "$memory_mb" -gt 0 ]; then
  echo "== generating a $memory_mb MB /app for the memory check"
  big_image=slugbuilder-bench/slug:big
  build_image "$big_image" 25000 $(( (memory_mb - 100) / 100 )) 100
  /usr/bin/time -v java -Xmx64m -XX:+UseSerialGC -jar target/slugbuilder.jar slug pack --max-size 4096 --warn-above 4096 "$big_image" -o "$work/big.tgz" \
    >/dev/null 2> "$work/time.txt"
  rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")"
  # MB is 10^6 bytes here as everywhere in slugbuilder's output
  big_mb="$(( $(du -sb --apparent-size "$work/ctx/app" | cut -f1) / 1000000 ))"
  summary+=("$(printf '  memory: %s MB /app packed with -Xmx64m: peak RSS %s MB (< 150)' "$big_mb" "$((rss_kb * 1024 / 1000000))")")
  rm -f "$work/big.tgz"
  docker rmi -f "$big_image" >/dev/null 2>&1 || true
fi

if [ "$upload" != 0 ]; then
  [ -f "$work/a.tgz" ] || { echo "error: the upload sends a shape's slug: SHAPES is empty" >&2; exit 2; }
  upload_round() { # PORT
    local line speed
    line="$(HEROKU_API_KEY=bench-token bin/slugbuilder slug release "$work/a.tgz" -a bench --api-url "http://127.0.0.1:$1" 2>&1 \
      | sed -n 's/.*uploaded .* (\([0-9.]*\) MB\/s)/\1/p')"
    speed="$(curl -s -o /dev/null -X PUT --data-binary @"$work/a.tgz" -w '%{speed_upload}' "http://127.0.0.1:$1/blob/curl")"
    up+=("$line"); cu+=("$(echo "scale=1; $speed / 1000000" | bc)")
  }
  free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
  echo "== upload of the $(mb "$(size "$work/a.tgz")") MB slug to a local fake Platform API"
  for pace in "" 125; do
    port="$(free_port)"
    python3 scripts/fake-platform.py "$port" $pace &
    server_pid=$!
    for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/apps/bench" >/dev/null 2>&1 && break; sleep 0.1; done
    up=(); cu=()
    for round in $(seq 1 "$rounds"); do
      upload_round "$port"
      echo "   ${pace:+paced }round $round: slugbuilder ${up[-1]} MB/s, curl ${cu[-1]} MB/s"
    done
    kill "$server_pid"; server_pid=""
    mu="$(printf '%s\n' "${up[@]}" | median)"; mcu="$(printf '%s\n' "${cu[@]}" | median)"
    summary+=("$(printf '  upload %-18s slugbuilder %7.1f MB/s  curl --data-binary %7.1f MB/s  slugbuilder/curl %.2f (>= %s)' \
      "$([ -n "$pace" ] && echo "paced 1 Gbit/s:" || echo "loopback:")" "$mu" "$mcu" "$(ratio "$mu" "$mcu")" \
      "$([ -n "$pace" ] && echo 0.98 || echo 0.9)")")
  done
fi

echo
echo "Results ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), medians of $rounds):"
printf '%s\n' "${summary[@]}"
