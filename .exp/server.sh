#!/bin/bash
# usage: server.sh <extra dynamic config flags...>
T=$(ls ~/.cache/tongpai/temporal/v1.5.1/temporal* | head -1)
rm -f /tmp/exp-temporal.db*
SA=""
for k in TongpaiCaseId TongpaiStatus TongpaiCategory TongpaiRegion TongpaiStation TongpaiUpstream; do SA="$SA --search-attribute $k=Keyword"; done
exec $T server start-dev --db-filename /tmp/exp-temporal.db --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal --ip 127.0.0.1 --port 7533 --namespace default --log-level error --headless --dynamic-config-value frontend.enableUpdateWorkflowExecution=true $SA "$@"
