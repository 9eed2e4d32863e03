#!/bin/sh
# One `plancheck check plans/` of a checkout's five plans, for farm-bench (docs/benchmarks.md):
#   bench/five.sh cold REPO   a fresh cache and output folder each run
#   bench/five.sh warm REPO   a cache kept between runs (/tmp/five-warm/<REPO's hash>): replayed
#   farm-bench -n 7 --vs "sh bench/five.sh cold /work/wt/base" -- sh bench/five.sh cold /work/main
MODE=$1; REPO=$2
case "$MODE" in cold|warm) ;; *) echo "usage: bench/five.sh cold|warm REPO" >&2; exit 2 ;; esac
[ -x "$REPO/.venv/bin/plancheck" ] || { echo "bench/five.sh: no $REPO/.venv/bin/plancheck (run make check there)" >&2; exit 2; }
if [ "$MODE" = cold ]; then d=$(mktemp -d); else d=/tmp/five-warm/$(echo "$REPO" | md5sum | cut -c1-8); mkdir -p "$d"; fi
cd "$REPO" && env -u PYTHONDONTWRITEBYTECODE GX_ANALYTICS_ENABLED=false .venv/bin/plancheck check plans/ \
  --output-dir "$d/r" --cache-dir "$d/c" -q >/dev/null
rc=$?
[ "$MODE" = cold ] && rm -rf "$d"
[ $rc -le 1 ]  # 1: unwaived errors found, a normal outcome
