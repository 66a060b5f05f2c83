#!/bin/sh
# Creates Tongpai's namespace and registers its search attributes (workflows/search-attributes.ts; a unit test
# keeps this list equal to it) once the server answers. Run by the compose file's temporal-namespace job; safe to
# run again.
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"

until temporal operator cluster health >/dev/null 2>&1; do
  echo "waiting for Temporal at $TEMPORAL_ADDRESS"
  sleep 2
done

temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1 ||
  temporal operator namespace create --namespace "$ns" --retention "${TEMPORAL_RETENTION:-14d}"

for name in TongpaiCaseId TongpaiStatus TongpaiCategory TongpaiRegion TongpaiStation TongpaiUpstream; do
  if temporal operator search-attribute list --namespace "$ns" | grep -qw "$name"; then
    echo "search attribute $name present"
  else
    temporal operator search-attribute create --namespace "$ns" --name "$name" --type Keyword
  fi
done
echo "namespace $ns ready"
