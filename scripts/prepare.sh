# Sourced by scripts/test.sh and scripts/demo.sh: a running Docker engine (DOCKER_HOST is
# exported), the slugbuilder jar, and the local stack images.
DOCKER_HOST="$(scripts/engine.sh)"
export DOCKER_HOST
mvn -B -q -Dstyle.color=never package -DskipTests
scripts/stack.sh
