#!/bin/sh
# Scores article-body extraction on the shared dev set (see its README): the CLI extracts, the benchmark's scorer scores.
# Usage: scripts/score-extraction.sh [eval-dir]   (default: ../shared/eval/extraction-dev, relative to the repo)
set -eu
cd "$(dirname "$0")/.."
dir="${1:-../shared/eval/extraction-dev}"
out="$(mktemp "${TMPDIR:-/tmp}/verbatim-extract-XXXXXX.json")"
start=$(date +%s)
npx verbatim extract "$dir/html" --out "$out"
echo "extracted in $(( $(date +%s) - start )) s"
python3 "$dir/score.py" "$dir/ground-truth.json" "$out"
rm -f "$out"
