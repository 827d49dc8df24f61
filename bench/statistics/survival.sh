#!/usr/bin/env bash
# Survival and regression speed against R on the same generated files (see bench/README.md, "Statistics: survival and
# regression"). Prints, per line of the issue's Speed section, R time ÷ OrthoRegen time in-process and whole-process.
# Usage: bench/statistics/survival.sh [DIR]   (default DIR: a fresh temporary folder)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${1:-$(mktemp -d /tmp/orthoregen-bench-XXXXXX)}"
command -v Rscript >/dev/null || { echo "Rscript not found: install r-base-core and r-cran-survival" >&2; exit 2; }
dotnet build "$root/bench/OrthoRegen.Bench" -c Release -v q -nologo >/dev/null
dotnet build "$root/src/OrthoRegen.Cli" -c Release -v q -nologo >/dev/null
bench="dotnet $root/bench/OrthoRegen.Bench/bin/Release/net10.0/OrthoRegen.Bench.dll"
cli="dotnet $root/src/OrthoRegen.Cli/bin/Release/net10.0/OrthoRegen.Cli.dll"
[ -f "$dir/km.csv" ] || $bench statistics-survival generate "$dir"
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

ours=$($bench statistics-survival run "$dir")
theirs=$(Rscript --vanilla "$here/survival_r.R" "$dir" all)
printf '%-34s %10s %10s %8s\n' "in-process (fit only)" "R s" "ours s" "R/ours"
for k in km_logrank cox logit; do
  r=$(echo "$theirs" | awk -v k=$k '$1==k{print $2}'); o=$(echo "$ours" | awk -v k=$k '$1==k{print $2}')
  printf '%-34s %10.3f %10.3f %8.1f\n' "$k" "$r" "$o" "$(echo "$r / $o" | bc -l)"
done
printf '\n%-34s %10s %10s %8s\n' "whole process (read CSV, fit, print)" "R s" "ours s" "R/ours"
r=$(wall Rscript --vanilla "$here/survival_r_cli.R" "$dir" km)
o=$(wall bash -c "$cli km --input $dir/km.csv --time time --event event --group group --format text >/dev/null && $cli logrank --input $dir/km.csv --time time --event event --group group >/dev/null")
printf '%-34s %10.3f %10.3f %8.1f\n' "km + logrank 1M" "$r" "$o" "$(echo "$r / $o" | bc -l)"
r=$(wall Rscript --vanilla "$here/survival_r_cli.R" "$dir" cox)
o=$(wall $cli cox --input "$dir/cox.csv" --time time --event event --covariates age,dose,kl,bmi)
printf '%-34s %10.3f %10.3f %8.1f\n' "cox efron 100k x 4" "$r" "$o" "$(echo "$r / $o" | bc -l)"
r=$(wall Rscript --vanilla "$here/survival_r_cli.R" "$dir" logit)
o=$(wall $cli logit --input "$dir/logit.csv" --outcome mcid --covariates age,dose,kl,bmi,female,baseline)
printf '%-34s %10.3f %10.3f %8.1f\n' "logistic 1M x 6" "$r" "$o" "$(echo "$r / $o" | bc -l)"
