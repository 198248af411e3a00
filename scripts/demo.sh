#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and plays the seed scenario on the embedded
# local setup: Debian's docker-registry holding three microservices, the Kubernetes API emulator
# with the RSIP app-microservices-tags that exported them, and kubectl finding kubectl-rsip on
# PATH. Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "demo: building kubectl-rsip (release)"
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
. scripts/lib/emulator.sh
. scripts/lib/registry.sh
trap 'emulator_stop; registry_stop; rm -rf "$work"' EXIT
registry_start "$work"
emulator_start "$work" --seed Tests/Emulator/seed --simulate-controller
export KUBECONFIG="$work/kubeconfig" PATH="$bin:$PATH" DOCKER_CONFIG="$work/docker"
repo=apps/microservices

step() {
  printf '\n$ %s\n' "$*"
  "$@" || echo "(exit status $?)"
}

echo "demo: CI pushes app-microservice1..3 to oci://$REGISTRY_HOST/$repo"
# The stand-in controller (the emulator's --simulate-controller) exports what the registry holds
# the way Flux Operator does: newest first, Adler-32 ids, defaults merged, the revision hash.
export_inputs() {  # $1 = "seed" (write the provider) or "controller" (export on the next reconcile)
  python3 - "$1" "$EMULATOR_PORT" "$REGISTRY_HOST" "$work/ca.crt" "$work/digests" <<'PY'
import json, ssl, sys, urllib.request, zlib
sys.path.insert(0, "Tests/Emulator")
from make_seed import revision
mode, port, registry, ca, digests_file = sys.argv[1:]
digests = dict(line.split() for line in open(digests_file) if line.strip())
inputs = [{"digest": digests[t], "env": "production", "id": str(zlib.adler32(t.encode())), "tag": t}
          for t in sorted(digests, reverse=True)]
ctx = ssl.create_default_context(cafile=ca)
def post(path, body):
    req = urllib.request.Request(f"https://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, context=ctx).read()
if mode == "controller":
    post("/_emulator/controller", {"exportedInputs": inputs})
else:
    post("/_emulator/objects", {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
        "metadata": {"name": "app-microservices-tags", "namespace": "flux-system", "generation": 1,
                     "labels": {"app.kubernetes.io/part-of": "microservices"}},
        "spec": {"type": "OCIArtifactTag", "url": f"oci://{registry}/apps/microservices",
                 "filter": {"includeTag": "^app-", "limit": 100}, "defaultValues": {"env": "production"}},
        "status": {"exportedInputs": inputs, "lastExportedRevision": revision(inputs),
                   "lastHandledReconcileAt": "2026-11-25T10:00:30Z",
                   "conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                   "message": "Reconciliation finished in 412ms", "observedGeneration": 1,
                                   "lastTransitionTime": "2026-11-25T10:00:31Z"}]}})
PY
}
: > "$work/digests"
for n in 1 2 3; do
  echo "app-microservice$n $(registry_push "$work" "$repo" "app-microservice$n" "service: microservice$n")" >> "$work/digests"
done
export_inputs seed

step kubectl rsip get -A
step kubectl rsip get app-microservices-tags
step kubectl rsip diff app-microservices-tags

echo
echo "demo: CI pushes a new build of app-microservice2"
new=$(registry_push "$work" "$repo" app-microservice2 "service: microservice2, build 2")
sed -i "s/^app-microservice2 .*/app-microservice2 $new/" "$work/digests"
step kubectl rsip diff app-microservices-tags
step kubectl rsip why app-microservices-tags app-microservice2
export_inputs controller
step kubectl rsip reconcile app-microservices-tags
step kubectl rsip diff app-microservices-tags
echo
echo "demo: what would excluding microservice3 remove from the cluster?"
step kubectl rsip simulate app-microservices-tags --exclude-tag microservice3
echo
echo "demo: the inputs the ResourceSet would receive after that change, and the objects it renders"
step kubectl rsip render app-microservices-tags --exclude-tag microservice3 --show-inputs
step kubectl rsip render app-microservices-tags --exclude-tag microservice3 --resourceset app-microservices

echo
echo "demo: done (registry and emulator stopped; nothing is left running)"
