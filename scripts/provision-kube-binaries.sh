#!/usr/bin/env bash
# Puts kube-apiserver, kubectl and etcd into the directory fabric8 kube-api-test reads:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<KUBE_VERSION>-linux-amd64/
# kube-api-test downloads them from GitHub where it can; where it cannot, this script builds
# them from their Go modules through the Go module proxy. Idempotent: when all three binaries
# are present it does nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=kube-versions.properties
source "$here/kube-versions.properties"

root=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
target="$root/k8s/${KUBE_VERSION}-linux-amd64"
binaries=(etcd kube-apiserver kubectl)

log() { printf '[provision-kube-binaries] %s\n' "$*"; }
die() { printf '[provision-kube-binaries] ERROR: %s\n' "$*" >&2; exit 1; }

present() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$target/$b" ]] || return 1; done
}

if present; then
  log "Kubernetes ${KUBE_VERSION} binaries already in $target (nothing to do)"
  exit 0
fi

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] \
  || die "only linux-amd64 is supported (this is $(uname -s)-$(uname -m))"
command -v go >/dev/null \
  || die "Go is needed to build kube-apiserver, kubectl and etcd; install Go 1.24+ or put the binaries into $target"

log "building Kubernetes v${KUBE_VERSION} (kube-apiserver, kubectl) and etcd v${ETCD_VERSION} into $target"
log "this happens once per machine and takes several minutes"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
started=$SECONDS

# --- Kubernetes: a throwaway module requiring k8s.io/kubernetes, whose staging modules are
# only reachable through `replace` (its own go.mod points them at ./staging).
minor=${KUBE_VERSION#*.}; minor=${minor%%.*}
staging_version="v0.${KUBE_VERSION#*.}"
mkdir -p "$work/kube" "$work/out"
cd "$work/kube"
kube_mod=$(go mod download -json "k8s.io/kubernetes@v${KUBE_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
[[ -f "$kube_mod" ]] || die "could not download k8s.io/kubernetes@v${KUBE_VERSION} from the Go module proxy ($(go env GOPROXY))"
{
  echo "module local/kube-binaries"
  echo
  echo "go 1.24.0"
  echo
  echo "require k8s.io/kubernetes v${KUBE_VERSION}"
  echo
  echo "replace ("
  sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 '"$staging_version"'#p' "$kube_mod"
  echo ")"
} > go.mod
log "go.mod pins $(grep -c '=> k8s.io' go.mod) staging modules at $staging_version"
go get "k8s.io/kubernetes/cmd/kube-apiserver@v${KUBE_VERSION}" "k8s.io/kubernetes/cmd/kubectl@v${KUBE_VERSION}" \
  || die "resolving the Kubernetes modules failed (see above)"
ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION} \
 -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=${minor} \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=v${KUBE_VERSION} \
 -X k8s.io/client-go/pkg/version.gitMajor=1 \
 -X k8s.io/client-go/pkg/version.gitMinor=${minor}"
for cmd in kube-apiserver kubectl; do
  log "go build $cmd ($(( SECONDS - started ))s so far)"
  go build -trimpath -ldflags "$ldflags" -o "$work/out/$cmd" "k8s.io/kubernetes/cmd/$cmd" \
    || die "go build of $cmd failed (see above)"
done

# --- etcd: its main package lives in a module with local replaces, so wrap etcdmain instead.
mkdir -p "$work/etcd"
cd "$work/etcd"
cat > go.mod <<MOD
module local/etcd-binary

go 1.24.0

require go.etcd.io/etcd/server/v3 v${ETCD_VERSION}
MOD
cat > main.go <<'GO'
// Command etcd is the upstream etcd server, built from its Go module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
go get "go.etcd.io/etcd/server/v3/etcdmain@v${ETCD_VERSION}" || die "resolving etcd v${ETCD_VERSION} failed"
log "go build etcd ($(( SECONDS - started ))s so far)"
go build -trimpath -ldflags "-s -w" -o "$work/out/etcd" . || die "go build of etcd failed (see above)"

"$work/out/kube-apiserver" --version
"$work/out/etcd" --version | head -1
mkdir -p "$target"
for b in "${binaries[@]}"; do install -m 0755 "$work/out/$b" "$target/$b"; done
present || die "binaries missing from $target after the build"
log "done in $(( SECONDS - started ))s: $(ls "$target" | tr '\n' ' ')"
