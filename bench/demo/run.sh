#!/bin/sh
# Demo generation benchmark: wall time, rows/s and peak RSS for each N on a fresh SQLite database (Release build).
# Usage: bench/demo/run.sh [N ...]   (default: 10000 100000)
set -e
cd "$(dirname "$0")/../.."
dotnet build src/OrthoRegen.Cli -c Release -v quiet -nologo >/dev/null
dir=$(mktemp -d)
for n in ${@:-10000 100000}; do
  rm -f "$dir"/demo.db*
  echo "N=$n"
  /usr/bin/time -f "peak_rss_kb=%M wall_s=%e" dotnet src/OrthoRegen.Cli/bin/Release/net10.0/OrthoRegen.Cli.dll demo \
    --patients "$n" --seed 1 --as-of 2026-06-15 --connection "Data Source=$dir/demo.db" 2>&1 | grep -E "^synthetic|peak_rss"
done
rm -rf "$dir"
