#!/usr/bin/env bash
# Times OrthoRegen against metafor on the same generated files: random-effects meta-analysis with all its statistics
# (REML and DL; Q-profile CI for tau2, prediction interval, leave-one-out) at k = 1,000 and 2,000, and OrthoRegen alone
# at k = 1,000,000 (main fit, CI and PI; leave-one-out is k refits and is left out there).
# Prints in-process seconds and the ratio R / OrthoRegen (R's leave-one-out extrapolated, see rtime). Usage: bench/meta/run.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
dotnet build -c Release bench/OrthoRegen.Bench -nologo -v q >/dev/null
bench="dotnet bench/OrthoRegen.Bench/bin/Release/net10.0/OrthoRegen.Bench.dll"
gen() { # k file: yi ~ N(0.3, vi + 0.05), vi ~ U(0.01, 0.21), fixed seed
  Rscript -e "set.seed(1); k <- $1; vi <- runif(k, 0.01, 0.21); yi <- rnorm(k, 0.3, sqrt(vi + 0.05));
    write.csv(data.frame(study = paste0('S', 1:k), yi = signif(yi, 10), vi = signif(vi, 10)), '$2', row.names = FALSE, quote = FALSE)"
}
rtime() { # file method -> seconds for rma + confint + predict + leave1out
  # metafor's leave1out is k refits of O(k^3) each (hours at k = 1,000), so R's leave-one-out time is extrapolated
  # from 3 refits: main + confint + predict measured, plus k x the mean time of one rma(..., subset = -i).
  Rscript -e "suppressMessages(library(metafor)); d <- read.csv('$1'); k <- nrow(d)
    t0 <- system.time({ f <- rma(yi, vi, data = d, method = '$2'); ci <- confint(f); p <- predict(f) })[['elapsed']]
    t1 <- system.time(for (i in 1:3) rma(yi, vi, data = d, method = '$2', subset = -i))[['elapsed']] / 3
    cat(t0 + k * t1, '\n')"
}
echo "R: $(Rscript -e 'cat(R.version.string)'), metafor $(Rscript -e 'cat(format(packageVersion("metafor")))'); .NET $(dotnet --version)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-10s %-6s %12s %12s %8s\n' k method R_s OrthoRegen_s ratio
for k in 1000 2000; do
  f="$work/meta_$k.csv"; gen $k "$f"
  ours=$($bench meta "$f")
  for m in REML DL; do
    r=$(rtime "$f" $m | tr -d " ")
    o=$(echo "$ours" | awk -v m=$m '$1 == m { print $2 }')
    printf '%-10s %-6s %12.3f %12.4f %8.1f\n' $k $m "$r" "$o" "$(echo "$r / $o" | bc -l)"
  done
done
f="$work/meta_1000000.csv"; gen 1000000 "$f"
/usr/bin/time -f "%M" -o "$work/rss" $bench meta "$f" --no-leave1out > "$work/ours"
while read -r m s _; do printf '%-10s %-6s %12s %12.4f %8s\n' 1000000 "$m" "-" "$s" "-"; done < "$work/ours"
echo "peak RSS at k = 1,000,000: $(( $(cat "$work/rss") / 1024 )) MB"

# Whole process: read the CSV, fit REML with the Q-profile CI and the prediction interval, print; `orthoregen meta`
# against Rscript doing rma + confint + predict (leave-one-out left out on both sides: R's takes hours).
dotnet build -c Release src/OrthoRegen.Cli -o .build/cli-release -nologo -v q >/dev/null
echo "whole process (REML, CI, PI; no leave-one-out), seconds, best of 3"
printf '%-10s %12s %12s %8s\n' k R_s OrthoRegen_s ratio
best() { # command... -> best wall-clock seconds of 3 runs
  local b="" s
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$work/elapsed" "$@" >/dev/null 2>&1
    s=$(tail -n 1 "$work/elapsed")
    if [ -z "$b" ] || [ "$(echo "$s < $b" | bc -l)" = 1 ]; then b=$s; fi
  done
  echo "$b"
}
for k in 1000 2000; do
  f="$work/meta_$k.csv"
  r=$(best Rscript -e "suppressMessages(library(metafor)); d <- read.csv('$f'); f <- rma(yi, vi, data = d, method = 'REML'); print(confint(f)); print(predict(f))")
  o=$(best dotnet .build/cli-release/OrthoRegen.Cli.dll meta --input "$f" --measure GEN --method REML)
  printf '%-10s %12.2f %12.2f %8.1f\n' $k "$r" "$o" "$(echo "$r / $o" | bc -l)"
done
