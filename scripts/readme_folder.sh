#!/usr/bin/env bash
# readme_folder.sh makes the README's "From a folder of articles to
# findings" example from the built-in corpus and runs it: the example
# articles of 2014 on, one file each named DATE_ID.txt, in news/; a model
# trained on the labelled sentences of the examples before 2014 only, so
# that no classified article trained it; then classify and summarize as
# the README shows them. Run from the repository root:
#
#	scripts/readme_folder.sh [DIR]     # DIR defaults to a new temporary one
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$(mktemp -d)}
mkdir -p "$dir/news"
cd "$root"
go build -o "$dir/stance" ./cmd/stance
python3 - "$root/labels/data" "$dir" <<'PY'
import json, os, shutil, sys
data, out = sys.argv[1], sys.argv[2]
cat = {}
for line in open(f'{data}/catalog.jsonl'):
    r = json.loads(line)
    if r['collection'] == 'examples':
        cat[r['article']] = r
before = 0
with open(f'{out}/before-2014.jsonl', 'w') as f:
    for line in open(f'{data}/examples/sentences.jsonl'):
        r = json.loads(line)
        if cat[r['article']]['date'] < '2014':
            f.write(line)
            before += 1
for a, r in cat.items():
    if r['date'] >= '2014':
        shutil.copy(f'{data}/examples/articles/{a}.txt', f'{out}/news/{r["date"]}_{a}.txt')
print(f'before-2014.jsonl: {before} sentences from {sum(1 for r in cat.values() if r["date"] < "2014")} articles; news/: {len(os.listdir(out + "/news"))} articles', file=sys.stderr)
PY
cd "$dir"
./stance train --data before-2014.jsonl --catalog "$root/labels/data/catalog.jsonl" -o before-2014.json 2>/dev/null
echo '$ stance classify --model before-2014.json --format jsonl news/ > tagged.jsonl'
./stance classify --model before-2014.json --format jsonl news/ 2>&1 >tagged.jsonl
echo '$ stance summarize --by article:year tagged.jsonl'
./stance summarize --by article:year tagged.jsonl
./stance summarize --by article:month --format html -o net-by-month.html tagged.jsonl
# The README's picture of that page (docs/net-by-month.png), where a
# Chromium is installed.
if command -v chromium >/dev/null; then
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,1150 \
		--screenshot="$dir/net-by-month.png" "file://$dir/net-by-month.html" 2>/dev/null
	echo "readme_folder.sh: the README's picture is $dir/net-by-month.png" >&2
fi
echo "readme_folder.sh: files in $dir" >&2
