#!/bin/sh
# Scores article-body extraction on the shared dev set (see its README): the CLI extracts, the benchmark's scorer scores.
# Besides the whole set it scores a fixed split: pages sorted by the SHA-256 of their id, the first 15 kept out while
# extraction rules are changed (only the other 35 pages' failures are looked at), so the kept-out figure shows how
# the rules do on pages they were not fitted to.
# Usage: scripts/score-extraction.sh [eval-dir]   (default: ../shared/eval/extraction-dev, relative to the repo)
set -eu
cd "$(dirname "$0")/.."
dir="${1:-../shared/eval/extraction-dev}"
work="$(mktemp -d "${TMPDIR:-/tmp}/verbatim-extract-XXXXXX")"
start=$(date +%s)
npx verbatim extract "$dir/html" --out "$work/predictions.json"
echo "extracted in $(( $(date +%s) - start )) s"
python3 - "$dir/ground-truth.json" "$work" <<'PY'
import hashlib, json, sys
truth = json.load(open(sys.argv[1], encoding="utf8"))
order = sorted(truth, key=lambda page: hashlib.sha256(page.encode()).hexdigest())
kept_out = set(order[:15])
for name, pages in (("tuning", [p for p in order if p not in kept_out]), ("kept-out", sorted(kept_out))):
    json.dump({page: truth[page] for page in pages}, open(f"{sys.argv[2]}/{name}.json", "w", encoding="utf8"))
PY
for part in whole tuning kept-out; do
  truth="$dir/ground-truth.json"
  [ "$part" = whole ] || truth="$work/$part.json"
  printf '%-9s ' "$part"
  python3 "$dir/score.py" "$truth" "$work/predictions.json" | sed 's/^[^:]*: //'
done
rm -rf "$work"
