#!/usr/bin/env bash
# Renders every example (and the generated 10-, 100- and 1,000-service projects) with the built CLI
# into DIR, with the diagnostics each run prints, so two builds can be compared byte for byte:
#   scripts/render-snapshot.sh /tmp/before   # on the old commit, after `npm run build`
#   scripts/render-snapshot.sh /tmp/after    # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
set -euo pipefail
out=${1:?usage: scripts/render-snapshot.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
cli="node $root/bin/composex.js"

run() { # name, then CLI arguments; keeps stdout, stderr and the exit code
  local name=$1; shift
  (cd "$root" && $cli "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"; echo $? >"$out/$name.rc") || true
  sed -i "s#$out#OUT#g; s#$root#ROOT#g" "$out/$name.stdout" "$out/$name.stderr"
}

ex=examples
run tweet-app        render -f $ex/tweet-app/compose.yaml -o "$out/tweet-app"
run counters         render -f $ex/counters/compose.yaml -o "$out/counters"
run counters-rds     render -f $ex/counters/compose.yaml -f $ex/counters/compose.rds.yaml -o "$out/counters-rds"
run django-nginx     render -f $ex/django-nginx/compose.yaml -o "$out/django-nginx"
run django-nginx-dev render -f $ex/django-nginx/compose.yaml -f $ex/django-nginx/compose.dev.yaml -o "$out/django-nginx-dev"
run mongodb          render -f $ex/mongodb/docker-compose.yml -f $ex/mongodb/cloud/docker-compose.override.yml -o "$out/mongodb"
run shop             render -f $ex/shop/compose.yaml -o "$out/shop"
run shop-yaml        render -f $ex/shop/compose.yaml --format yaml --bucket b --prefix p -o "$out/shop-yaml"
run queue-worker     render -f $ex/queue-worker/compose.yaml -o "$out/queue-worker"
run fanout           render -f $ex/fanout/compose.yaml --bucket b --prefix p -o "$out/fanout"
run postgres         render -f $ex/postgres/compose.yaml -o "$out/postgres"
run shop-config      config -f $ex/shop/compose.yaml
run postgres-graph   graph -f $ex/postgres/compose.yaml
run fanout-graph-dot graph -f $ex/fanout/compose.yaml --format dot

# Generated projects (bench/generate.ts), compiled by `npm run build`.
gen=$(mktemp -d)
node -e '
const { generateComposeYaml } = require(process.argv[1] + "/dist/bench/generate.js");
const fs = require("fs");
for (const [n, q, t, d] of [[10, 0, 0, 0], [100, 50, 20, 10], [1000, 500, 200, 50]])
  fs.writeFileSync(`${process.argv[2]}/gen${n}.yaml`, generateComposeYaml({ services: n, queues: q, topics: t, databases: d }));
' "$root" "$gen"
run gen10   render -f "$gen/gen10.yaml" -o "$out/gen10"
run gen100  render -f "$gen/gen100.yaml" -o "$out/gen100"
run gen1000 render -f "$gen/gen1000.yaml" --no-validate -o "$out/gen1000"
rm -rf "$gen"
sed -i "s#$gen#GEN#g" "$out"/gen*.stdout "$out"/gen*.stderr
echo "snapshot in $out: $(find "$out" -type f | wc -l) files"
