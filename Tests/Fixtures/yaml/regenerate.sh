#!/bin/sh
# Regenerates kubectl's reference outputs for every *.input.yaml fixture, offline:
# `kubectl annotate --local` needs no cluster and prints the object as `kubectl get -o yaml|json`
# would. The annotation it adds is known to the tests, which add it to their own parse.
#   NAME.kubectl.json  kubectl -o json of the object
#   NAME.kubectl.yaml  kubectl -o yaml of the same object
set -eu
cd "$(dirname "$0")"
for input in *.input.yaml; do
    name=${input%.input.yaml}
    kubectl annotate --local -f "$input" -o json "fixture.kubectl-rsip.io/name=$name" > "$name.kubectl.json"
    kubectl annotate --local -f "$input" -o yaml "fixture.kubectl-rsip.io/name=$name" > "$name.kubectl.yaml"
done
kubectl version --client 2>/dev/null | head -1 > kubectl-version.txt
