# Sourced by the benchmarks in bench/: the statistics they share and the one machine-readable line per figure that
# bench/run.sh collects. Nothing here times anything.
#
# A figure is one JSON object on one line, appended to the file named by LANES_BENCH_RESULT when it is set (the
# benchmark's human report on stdout is unchanged):
#   {"figure": "...", "anchor": "...", "unit": "ratio"|"s"|"ms"|"bytes"|"MiB"|"count", "target": "<= 1.2"|"< 20"|"= 0"|"",
#    "median": N, "min": N, "max": N, "pairs": N, "load": "1.0 1.2 1.3", "note": "..."}
# unit "ratio": median, min and max are of the per-pair ratios figure/anchor; otherwise they are the figure's own
# values (an absolute target, e.g. seconds), with the anchor named for comparison. bench/run.sh checks each line
# against this shape (bench/figures.py).

# bench_median < NUMBERS: the median of one number per line.
bench_median() { sort -g | awk '{a[NR]=$1} END {if (NR) print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# bench_min < NUMBERS, bench_max < NUMBERS
bench_min() { sort -g | head -1; }
bench_max() { sort -g | tail -1; }
# bench_ratios FILE_A FILE_B: per-pair ratios of the first columns of two files (line i of A over line i of B).
bench_ratios() { paste -d' ' <(awk '{print $1}' "$1") <(awk '{print $1}' "$2") | awk '{printf "%.4f\n", $1 / $2}'; }
# bench_differences FILE_A FILE_B: per-pair differences A - B of the first columns.
bench_differences() { paste -d' ' <(awk '{print $1}' "$1") <(awk '{print $1}' "$2") | awk '{printf "%.4f\n", $1 - $2}'; }
# bench_load: the 1-minute load average now.
bench_load() { cut -d' ' -f1 /proc/loadavg; }

# bench_figure FIGURE ANCHOR UNIT TARGET LOAD NOTE < NUMBERS: appends the figure's line (median, min, max and count
# of the numbers on stdin) to $LANES_BENCH_RESULT, if set.
bench_figure() {
  local values
  values=$(cat)
  [ -n "${LANES_BENCH_RESULT:-}" ] || return 0
  [ -n "$values" ] || { echo "bench: no values for the figure '$1'" >&2; return 1; }
  /usr/bin/python3 - "$@" "$(bench_median <<<"$values")" "$(bench_min <<<"$values")" "$(bench_max <<<"$values")" \
    "$(wc -l <<<"$values")" >>"$LANES_BENCH_RESULT" <<'PY'
import json, sys
figure, anchor, unit, target, load, note, median, low, high, pairs = sys.argv[1:]
print(json.dumps({"figure": figure, "anchor": anchor, "unit": unit, "target": target, "median": float(median),
                  "min": float(low), "max": float(high), "pairs": int(pairs), "load": load, "note": note}))
PY
}
