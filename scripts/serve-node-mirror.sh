# Sourced: the newest Node 20 of platforms/versions/node.json, fetched from the npm registry into
# a nodejs.org-like mirror (scripts/node-mirror.sh) and served on 127.0.0.1 in the background, so
# the node template's download step runs for real. Sets node_version, mirror_port and mirror_pid;
# the caller kills mirror_pid when it is done.
node_version="$(node -e 'const v=require("./platforms/versions/node.json").versions.filter(v=>v.startsWith("20."));console.log(v[v.length-1])')"
node_mirror_cache="$HOME/.cache/slugbuilder/node-mirror"
scripts/node-mirror.sh "$node_version" "$node_mirror_cache"
mirror_port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
python3 -m http.server "$mirror_port" --bind 127.0.0.1 --directory "$node_mirror_cache" >/dev/null 2>&1 &
mirror_pid=$!
