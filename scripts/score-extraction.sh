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
npm run --silent build >/dev/null
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
# Metadata: pages that name their site (og:site_name, JSON-LD publisher, application-name, DC.publisher, or a <title>
# end that spells the domain) and whose outlet came out filled; extracted titles still carrying the site's name.
python3 - "$dir" "$work/predictions.json" <<'PY'
import gzip, json, re, sys
from urllib.parse import urlparse
truth = json.load(open(f"{sys.argv[1]}/ground-truth.json", encoding="utf8"))
predicted = json.load(open(sys.argv[2], encoding="utf8"))
SEP = re.compile(r"\s+[|\-–—·•»:~/]{1,2}\s+")
NAMED = re.compile(r'og:site_name|name=["\']application-name|name=["\']dc\.publisher|"publisher"\s*:\s*(\{[^}]*"name"|")', re.I)
squash = lambda text: re.sub(r"[\W_]", "", re.sub(r"^(https?://)?(www\.)?|^the\s+", "", text.lower()))
def names_site(part, host, outlet):
    label, word = host.split(".")[0], squash((part.split() or [""])[0])
    text = squash(part)
    return text in (squash(host), label, squash(outlet or "-")) or (len(label) >= 4 and (label in text or (len(word) >= 4 and label.startswith(word))))
def site_at_end(title, host, outlet=None):
    parts = SEP.split(title)
    return len(parts) > 1 and (names_site(parts[0], host, outlet) or names_site(parts[-1], host, outlet))
named = filled = kept = raw = 0
for page, entry in truth.items():
    html = gzip.open(f"{sys.argv[1]}/html/{page}.html.gz").read().decode("utf8", "replace")
    host = urlparse(entry["url"]).hostname.removeprefix("www.")
    match = re.search(r"<title[^>]*>([^<]*)", html, re.I)
    in_title = site_at_end(re.sub(r"\s+", " ", match.group(1)).strip() if match else "", host)
    raw += in_title
    out = predicted.get(page)
    if out is None: continue
    if NAMED.search(html) or in_title:
        named += 1
        filled += bool(out.get("outlet"))
    kept += site_at_end(out.get("title") or "", host, out.get("outlet"))
print(f"metadata  outlet filled on {filled} of {named} extracted pages that name their site; "
      f"titles with the site's name: {kept} (in the pages' <title>: {raw})")
PY
rm -rf "$work"
