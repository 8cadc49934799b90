#!/usr/bin/env bash
# Side-by-side timing of two hashpivot binaries (e.g. before and after a change) on the CLI's benchmarks,
# alternating the two so that machine load hits both alike. Prints every run with the load average, then medians.
#   bench/compare_builds.sh OLD_BINARY NEW_BINARY [RUNS]
# `bench dispatch`: 100,000 paths on 1 thread (seconds). `bench run`: examples/core_scientific.toml, 10,000 paths on
# 1 thread (simulation seconds). Run from the repository root.
set -euo pipefail
old=$1; new=$2; runs=${3:-5}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A t
for i in $(seq 1 "$runs"); do
  for side in old new; do
    bin=${!side}
    d=$("$bin" bench dispatch --threads 1 --paths 100000 | awk '$1=="seconds"{print $2}')
    r=$("$bin" bench run --threads 1 --paths 10000 | awk '$1=="simulation"{print $3}')
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "run $i $side: dispatch ${d}s  run ${r}s  (load $load)"
    t[$side-d]+="$d "; t[$side-r]+="$r "
  done
done
for k in d r; do
  name=$([ $k = d ] && echo "bench dispatch" || echo "bench run")
  o=$(echo ${t[old-$k]} | tr ' ' '\n' | median); n=$(echo ${t[new-$k]} | tr ' ' '\n' | median)
  echo "$name median: old ${o}s  new ${n}s  new/old $(awk -v o="$o" -v n="$n" 'BEGIN{printf "%.3f", n/o}')"
done
