#!/usr/bin/env bash
# Measures gdcmanon's de-identification rate in files per second, beside DeidentificationBenchmark
# (JMH). gdcmanon starts one process per folder, so the script copies the input COPIES times into
# one folder (distinct file names) and times one gdcmanon run over that folder with hyperfine.
# The process start is then spread over COPIES x the input's files.
#
#   tools/bench/gdcmanon_rate.sh INPUT [COPIES] [RUNS]
#
# INPUT is a folder of DICOM files or one file; COPIES defaults to 50 and RUNS (hyperfine runs per
# mode) to 10. Two modes are timed:
#   full  gdcmanon -c CERT: the PS3.15 E.1.1 basic profile with new UIDs and the original values
#         encrypted into Encrypted Attributes Sequence, under a throw-away self-signed certificate
#   dumb  gdcmanon --dumb, emptying Patient's Name and Patient ID, plus $DUMB_EXTRA (for example
#         --replace options, since gdcm cannot write a data set whose SOP Class or Instance UID
#         is empty)
# Needs gdcmanon (Debian libgdcm-tools), hyperfine, openssl and python3. Work files go to a
# temporary folder that is deleted at exit.
set -euo pipefail

input="${1:?usage: gdcmanon_rate.sh INPUT [COPIES] [RUNS]}"
copies="${2:-50}"
runs="${3:-10}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"

if [[ -d "$input" ]]; then
  mapfile -t files < <(find "$input" -maxdepth 1 -type f | sort)
else
  files=("$input")
fi
for ((n = 1; n <= copies; n++)); do
  for file in "${files[@]}"; do
    cp "$file" "$work/in/$(printf 'copy%03d' "$n")-$(basename "$file")"
  done
done
count=$(find "$work/in" -type f | wc -l)
echo "input: $input, ${#files[@]} files x $copies copies = $count files, $(du -sh "$work/in" | cut -f1)"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
  -subj /CN=gdcmanon-benchmark 2>/dev/null

# Each run writes into a new folder, made by mktemp inside the timed command. Nothing is deleted
# before the exit, because deleting files slows the next writes on a file system mounted with
# discard. The work folder therefore needs (RUNS + 1) x 2 x the size above.
hyperfine --style basic --runs "$runs" --warmup 1 \
  --export-json "$work/times.json" \
  -n full "out=\$(mktemp -d '$work/out.XXXXXX') && gdcmanon -c '$work/cert.pem' -r --continue -i '$work/in' -o \$out" \
  -n dumb "out=\$(mktemp -d '$work/out.XXXXXX') && gdcmanon --dumb --empty 0010,0010 --empty 0010,0020 ${DUMB_EXTRA:-} -r --continue -i '$work/in' -o \$out"

for out in "$work"/out.*; do
  written=$(find "$out" -type f | wc -l)
  if [[ "$written" -ne "$count" ]]; then
    echo "a run wrote $written of $count files" >&2
    exit 1
  fi
done
echo "every run wrote all $count files"

/usr/bin/python3 - "$work/times.json" "$count" <<'PY'
import json
import sys

results = json.load(open(sys.argv[1]))["results"]
count = int(sys.argv[2])
for result in results:
    print(f"{result['command'][:4]}: mean {result['mean']:.3f} s, min {result['min']:.3f} s, "
          f"{count / result['mean']:.0f} files/s (mean), {count / result['min']:.0f} files/s (best)")
PY
