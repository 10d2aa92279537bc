#!/usr/bin/env bash
# A CDK app on another minor version of aws-cdk-lib than composex is built with: it installs
# composex from its packed tarball (npm install must print no warning, and leave one copy of
# aws-cdk-lib and of constructs: the app's), compiles two TypeScript apps that pass their own VPC,
# import from 'composex' and use the typed handles — the README's, as written there, and one that
# checks the results (tsc, strict, NodeNext, no skipLibCheck) —, synthesizes both, and renders the
# same compose file with the installed CLI (whose template validator is the one bundled in that
# aws-cdk-lib). Measured here: about 2 minutes on an idle machine with npm's cache warm, 7 under load.
#
#   scripts/cdk-minor-check.sh [DIR]          DIR default /tmp/cdk-minor-test (emptied first)
#   CDK_VERSION=2.274.0 scripts/cdk-minor-check.sh
#
# Needs the npm registry (aws-cdk-lib, constructs, typescript and composex's dependencies; npm's
# cache makes a second run faster), so it is not part of `npm test`: run it in CI with network, and
# before widening or narrowing the peer range in package.json. It never installs into the repository.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-/tmp/cdk-minor-test}"
CDK_VERSION="${CDK_VERSION:-2.273.0}"
CONSTRUCTS_VERSION="${CONSTRUCTS_VERSION:-10.5.0}"
case "$(cd "$(dirname "$DIR")" && pwd)/" in "$ROOT"/*) echo "cdk-minor-check: $DIR is inside the repository" >&2; exit 2 ;; esac

rm -rf "$DIR" && mkdir -p "$DIR"
BUILT_WITH="$(node -p "require('$ROOT/node_modules/aws-cdk-lib/package.json').version")"
if [ "${BUILT_WITH%.*}" = "${CDK_VERSION%.*}" ]; then
  echo "cdk-minor-check: CDK_VERSION $CDK_VERSION is the minor composex is built with ($BUILT_WITH): pick another" >&2
  exit 2
fi

echo "== pack composex (built with aws-cdk-lib $BUILT_WITH)"
# `npm pack` runs `prepare` (a full build, ~30 s); when dist/ is newer than every source — as right
# after `npm ci`, whose `prepare` built it — the tarball is packed from it as it is.
if [ -f "$ROOT/dist/src/index.js" ] && [ -z "$(find "$ROOT/src" "$ROOT/bin" "$ROOT/package.json" "$ROOT/tsconfig.json" "$ROOT/tsconfig.build.json" -newer "$ROOT/dist/src/index.js" -print -quit)" ]; then
  (cd "$ROOT" && npm pack --silent --ignore-scripts --pack-destination "$DIR" >/dev/null)
else
  (cd "$ROOT" && npm pack --silent --pack-destination "$DIR" >/dev/null)
fi
TARBALL="$(cd "$DIR" && ls composex-*.tgz)"

echo "== install aws-cdk-lib $CDK_VERSION, constructs $CONSTRUCTS_VERSION and $TARBALL in $DIR"
cat >"$DIR/package.json" <<JSON
{
  "name": "cdk-minor-check",
  "private": true,
  "dependencies": {
    "@types/node": "^20.19.0",
    "aws-cdk-lib": "$CDK_VERSION",
    "composex": "file:./$TARBALL",
    "constructs": "$CONSTRUCTS_VERSION",
    "typescript": "5.9"
  }
}
JSON
(cd "$DIR" && npm install --no-audit --no-fund --loglevel=warn 2>"$DIR/npm-install.stderr" >/dev/null)
# npm lists `prepare` as an install script only for a package installed from a non-registry source
# (npm's @npmcli/arborist/lib/install-scripts.js: "prepare, but only for non-registry sources"),
# so installing the tarball names composex's `prepare`, which an install from the registry does
# not: that notice is expected here, as long as it names nothing else. Any other warning fails.
OTHER="$(grep -i 'warn' "$DIR/npm-install.stderr" | grep -v '^npm warn install-scripts' || true)"
LISTED="$(grep '^npm warn install-scripts   ' "$DIR/npm-install.stderr" | grep -v '^npm warn install-scripts   composex@[0-9.]* (prepare: [^;]*)$' || true)"
if [ -n "$OTHER$LISTED" ]; then
  cat "$DIR/npm-install.stderr" >&2
  echo "cdk-minor-check: npm install warned (above)" >&2
  exit 1
fi
COPIES="$(cd "$DIR" && find . -type d \( -path '*/node_modules/aws-cdk-lib' -o -path '*/node_modules/constructs' \) -prune | sort)"
if [ "$COPIES" != "$(printf './node_modules/aws-cdk-lib\n./node_modules/constructs')" ]; then
  echo "cdk-minor-check: expected one copy each of aws-cdk-lib and constructs, found:" >&2
  echo "$COPIES" >&2
  exit 1
fi
INSTALLED="$(node -p "require('$DIR/node_modules/aws-cdk-lib/package.json').version")"
[ "$INSTALLED" = "$CDK_VERSION" ] || { echo "cdk-minor-check: aws-cdk-lib $INSTALLED installed, not $CDK_VERSION" >&2; exit 1; }

echo "== compile the app (tsc strict, NodeNext)"
cat >"$DIR/compose.yaml" <<'YAML'
services:
  web:
    image: public.ecr.aws/nginx/nginx:1.27
    ports: ["80:80"]
    depends_on: [api]
  api:
    image: public.ecr.aws/docker/library/python:3.12
    expose: ["8000"]
  worker:
    image: public.ecr.aws/docker/library/python:3.12
YAML
cat >"$DIR/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "dist"
  },
  "files": ["app.ts", "readme-app.ts"]
}
JSON
# The README's CDK app, as written there (the first ```ts block of "## In a CDK app").
awk '/^## In a CDK app/ { section = 1 } section && /^```ts$/ && !done { inside = 1; next } inside && /^```$/ { inside = 0; done = 1 } inside' "$ROOT/README.md" >"$DIR/readme-app.ts"
grep -q "from 'composex'" "$DIR/readme-app.ts" || { echo "cdk-minor-check: no CDK app found in README.md" >&2; exit 1; }
cat >"$DIR/app.ts" <<'TS'
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ComposeX } from 'composex';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'Shop');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const shop = new ComposeX(stack, 'App', { files: ['compose.yaml'], vpc, serviceNames: ['web', 'api', 'worker'] });

const uploads = new s3.Bucket(stack, 'Uploads');
uploads.grantRead(shop.services.api);                         // iam.IGrantable: a policy on api's task role
shop.grant('worker', (role) => uploads.grantReadWrite(role));  // the same, by name
const cache = new ec2.SecurityGroup(stack, 'Cache', { vpc });
cache.connections.allowFrom(shop.services.api, ec2.Port.tcp(6379)); // ec2.IConnectable
const role: import('aws-cdk-lib/aws-iam').IRole = shop.taskRole('api');
void role;
void shop.loadBalancer!.listener(80).listenerArn;
// @ts-expect-error 'wrker' is not one of serviceNames
void shop.services.wrker;
app.synth();
TS
(cd "$DIR" && node node_modules/typescript/bin/tsc -p tsconfig.json)

echo "== synthesize"
(cd "$DIR" && CDK_OUTDIR="$DIR/readme.out" node dist/readme-app.js)
[ -f "$DIR/readme.out/Shop.template.json" ] || { echo "cdk-minor-check: the README app did not synthesize" >&2; exit 1; }
(cd "$DIR" && CDK_OUTDIR="$DIR/cdk.out" node dist/app.js)
node - "$DIR/cdk.out" <<'JS'
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
const root = JSON.parse(fs.readFileSync(path.join(out, 'Shop.template.json'), 'utf8'));
const types = Object.values(root.Resources).map((r) => r.Type);
const nested = types.filter((t) => t === 'AWS::CloudFormation::Stack').length;
if (nested < 4) throw new Error(`expected the composex nested stacks in Shop, found ${nested}`);
if (types.includes('AWS::CloudFormation::Stack') && Object.keys(root.Resources).some((k) => k.startsWith('NetworkStack'))) throw new Error('a Network stack although the app passed its VPC');
const templates = fs.readdirSync(out).filter((f) => f.endsWith('.nested.template.json')).map((f) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')));
const policies = templates.flatMap((t) => Object.values(t.Resources).filter((r) => r.Type === 'AWS::IAM::Policy'));
if (policies.length !== 2) throw new Error(`expected the two grants as policies in the api and worker stacks, found ${policies.length}`);
const ingress = Object.values(root.Resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 6379);
if (ingress.length !== 1) throw new Error('expected the cache ingress rule from api');
console.log(`synthesized: ${nested} nested stacks, ${policies.length} grant policies, the cache ingress rule`);
JS

echo "== render the same file with the installed CLI (aws-cdk-lib $CDK_VERSION's validator)"
(cd "$DIR" && node node_modules/composex/bin/composex.js render -f compose.yaml -o "$DIR/render" >/dev/null 2>"$DIR/render.stderr")
ls "$DIR/render" | grep -q '\.json$'
# composex validates each template itself; CDK's own validator must not run a second time.
if grep -q 'CloudFormation Validate' "$DIR/render.stderr"; then
  cat "$DIR/render.stderr" >&2
  echo "cdk-minor-check: render ran CDK's built-in validation (above)" >&2
  exit 1
fi
echo "cdk-minor-check: ok (aws-cdk-lib $CDK_VERSION, composex built with $BUILT_WITH)"
