#!/bin/sh
# Side-by-side runs of two checkouts (docs/benchmarks.md): one cold and one warm `plancheck check`
# of a corpus with a checkout's own code and venv, as bench/run.py's child (phases, CPU, peak RSS).
#
#   bench/side.sh REPO PLANS TAG     e.g. bench/side.sh /work/wt/base /tmp/b/c3000/plans base
#
# Prints one JSON line per run; the reports stay in /tmp/r/TAG/out (compare two tags' sha256).
# Build a corpus with: python -c "from bench.corpus import build; build(Path('/tmp/b/c3000/plans'), 3000)"
set -e
REPO=$1; PLANS=$2; TAG=$3; W=/tmp/r/$TAG
rm -rf "$W"; mkdir -p "$W"
cd "$REPO"
for mode in cold warm; do
  env -u PYTHONDONTWRITEBYTECODE GX_ANALYTICS_ENABLED=false "$REPO/.venv/bin/python" "$REPO/bench/run.py" \
    --child "$PLANS" "$W/out" "$W/cache" | tail -1 | sed "s/^/{\"tag\":\"$TAG\",\"mode\":\"$mode\",\"run\":/; s/\$/}/"
done
