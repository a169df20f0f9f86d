#!/usr/bin/env bash
# Makes the release artifacts into target/dist (docs/packaging.md says what each holds):
#   slugbuilder.jar                              the plain jar: java -jar slugbuilder.jar (Java 17+)
#   slugbuilder-VERSION-linux-x64.tar.gz         bin/slugbuilder, the jar, a jlink-trimmed Java runtime,
#                                                the class-data archive, man pages, completions
#   slugbuilder_DEBVERSION_amd64.deb             the same under /usr/lib/slugbuilder, /usr/bin/slugbuilder,
#                                                man pages and bash/zsh completion in their system places
#   SHA256SUMS                                   sha256sum's list of the three
# Usage: scripts/dist.sh [--no-build]
#   --no-build  package the jar and test classes the last `mvn package` made (the dist IT runs inside
#               `mvn verify`, after package) instead of building them first.
# Needs a JDK 17 (jlink, jdeps), Maven, dpkg-deb, tar, gzip and sha256sum: on Debian, dpkg-deb is
# installed with apt when it is missing (as root). Nothing else: the man pages come from the picocli
# model through picocli-codegen and AsciidoctorJ, both from Maven Central.
# Reproducible as far as the tools allow: every file's time is the build date's (SOURCE_DATE_EPOCH, else
# the commit's time), tar entries sorted and owned by root, gzip without names or times.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: scripts/dist.sh: unknown argument '$arg'" >&2
       echo "hint: scripts/dist.sh [--no-build]" >&2; exit 2 ;;
  esac
done
step() { printf "dist: [%3ds] %s\n" "$SECONDS" "$*" >&2; }

if ! command -v dpkg-deb >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "error: dpkg-deb is missing and installing it needs root (apt-get install dpkg)" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg >&2; }
fi
for tool in jlink jdeps java mvn tar gzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: scripts/dist.sh needs $tool (a JDK 17 and Maven)" >&2; exit 1; }
done

if [ "$build" = 1 ]; then
  step "building the jar (mvn package)"
  mvn -B -q -Dstyle.color=never package -DskipTests >&2
fi
jar=target/slugbuilder.jar
[ -f "$jar" ] && [ -d target/test-classes ] \
  || { echo "error: $jar or target/test-classes is missing" >&2; echo "hint: run scripts/dist.sh without --no-build" >&2; exit 1; }

out=target/dist
work="$out/work"
rm -rf "$out"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT   # the staging trees, also when a step fails or on Ctrl-C
# the man page and completion generator's class path (test scope: picocli-codegen, AsciidoctorJ);
# DIST_CLASSPATH passes it in (DistIT hands its own)
if [ -n "${DIST_CLASSPATH:-}" ]; then
  printf '%s' "$DIST_CLASSPATH" > "$work/classpath.txt"
else
  mvn -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/classpath.txt" >&2
fi

# "slugbuilder 0.1.0 (commit abc1234, built 2026-12-07)": what --version says is what the files say
read -r _ version _ commit _ date < <(java -cp "$jar" slugbuilder.cli.Main --version | head -1 | tr -d '(),')
[ -n "${SOURCE_DATE_EPOCH:-}" ] || SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
export SOURCE_DATE_EPOCH
step "slugbuilder $version, commit $commit, built $date"

name="slugbuilder-$version"
stage="$work/$name"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
  "$stage/share/zsh/site-functions"
install -m 0755 src/dist/bin/slugbuilder "$stage/bin/slugbuilder"
install -m 0644 "$jar" "$stage/lib/slugbuilder.jar"
cp -p "$jar" "$out/slugbuilder.jar"

step "man pages and completions (picocli model, AsciidoctorJ)"
java -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" slugbuilder.dist.DistDocs "$work/docs" "$date"
for page in "$work"/docs/man/man1/*.1; do
  gzip -9 -n -c "$page" > "$stage/share/man/man1/${page##*/}.gz"
done
install -m 0644 "$work/docs/completions/slugbuilder" "$stage/share/bash-completion/completions/slugbuilder"
install -m 0644 "$work/docs/completions/_slugbuilder" "$stage/share/zsh/site-functions/_slugbuilder"

# The modules jdeps finds the jar's classes use, less java.desktop (AWT, Swing, java.beans: Jackson and
# SnakeYAML only probe for java.beans and do without; its native libraries want X11 and font
# libraries a server lacks), plus jdk.crypto.ec, which no class names but TLS to the Platform API
# needs (elliptic-curve key exchange).
step "Java runtime (jdeps, jlink)"
modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")"
modules="$(tr ',' '\n' <<< "$modules" | grep -vx java.desktop | paste -sd, -),jdk.crypto.ec"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$stage/runtime"
step "runtime modules: $modules"

# Files' times are the build date's before the archive is recorded: it remembers the jar's time.
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# The class-data archive, recorded with the bundled runtime as bin/slugbuilder does in the repository
# (CdsTraining runs the commands that must start fast and loads the rest), with the jar named as the
# launcher names it (/proc/self/fd/9: see src/dist/bin/slugbuilder).
step "class-data archive (CdsTraining on the bundled runtime)"
rt="$stage/runtime/bin/java"
cds_opts=(-XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-UsePerfData)
exec 9<"$stage/lib/slugbuilder.jar"
"$rt" "${cds_opts[@]}" -XX:DumpLoadedClassList="$work/classes" -cp /proc/self/fd/9 slugbuilder.cli.CdsTraining
cat "$stage/runtime/lib/classlist" "$work/classes" > "$work/classlist"
sed -i '/^@lambda-proxy.*picocli\//d' "$work/classlist"
"$rt" "${cds_opts[@]}" -Xshare:dump -XX:SharedClassListFile="$work/classlist" \
  -XX:SharedArchiveFile="$stage/lib/slugbuilder.jsa" -cp /proc/self/fd/9 > "$work/dump.log" 2>&1 \
  || { cat "$work/dump.log" >&2; echo "error: recording the class-data archive failed" >&2; exit 1; }
exec 9<&-
chmod 0644 "$stage/lib/slugbuilder.jsa"
touch -d "@$SOURCE_DATE_EPOCH" "$stage/lib/slugbuilder.jsa" "$stage/lib"
SLUGBUILDER_JAVA_OPTS=-Xshare:on "$stage/bin/slugbuilder" --version >/dev/null \
  || { echo "error: the packaged command does not start with its class-data archive" >&2; exit 1; }

tarball="$out/$name-linux-x64.tar.gz"
step "$tarball"
tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH")
tar -C "$work" "${tar_opts[@]}" -cf - "$name" | gzip -6 -n > "$tarball"

# The .deb: /usr/lib/slugbuilder holds the launcher, jar, archive and runtime; every file comes from
# the package, none is made at install or run time, so dpkg -r removes them all. Depends lists the
# shared libraries the runtime links (glibc, libgcc, libstdc++, zlib): all on a minimal Debian.
debversion="${version/-/\~}"
deb="$out/slugbuilder_${debversion}_amd64.deb"
step "$deb"
root="$work/deb"
mkdir -p "$root/DEBIAN" "$root/usr/lib/slugbuilder" "$root/usr/bin" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/doc/slugbuilder"
cp -a "$stage/bin" "$stage/lib" "$stage/runtime" "$root/usr/lib/slugbuilder/"
ln -s ../lib/slugbuilder/bin/slugbuilder "$root/usr/bin/slugbuilder"
cp -a "$stage"/share/man/man1/*.gz "$root/usr/share/man/man1/"
cp -a "$stage/share/bash-completion/completions/slugbuilder" "$root/usr/share/bash-completion/completions/"
cp -a "$stage/share/zsh/site-functions/_slugbuilder" "$root/usr/share/zsh/vendor-completions/"
printf 'slugbuilder %s (commit %s, built %s)\nMade by scripts/dist.sh; see docs/packaging.md.\n' \
  "$version" "$commit" "$date" > "$root/usr/share/doc/slugbuilder/README"
cat > "$root/DEBIAN/control" <<CONTROL
Package: slugbuilder
Version: $debversion
Architecture: amd64
Maintainer: slugbuilder developers <slugbuilder@localhost>
Installed-Size: $(du -sk --apparent-size "$root/usr" | cut -f1)
Depends: libc6, libgcc-s1, libstdc++6, zlib1g
Section: devel
Priority: optional
Description: Heroku's docker:init / start / exec / release workflow, locally
 Writes a Dockerfile for an app, runs it in Docker as a Heroku dyno would, and
 releases it to Heroku as a slug. Brings its own Java runtime.
CONTROL
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null

(cd "$out" && sha256sum slugbuilder.jar "${tarball##*/}" "${deb##*/}" > SHA256SUMS)   # last: marks a complete run
step "done:"
(cd "$out" && ls -l slugbuilder.jar "${tarball##*/}" "${deb##*/}" SHA256SUMS | awk '{printf "  %10d  %s\n", $5, $9}') >&2
