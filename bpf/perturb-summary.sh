#!/usr/bin/env bash
# Summarise tools/run-guest.sh --action bpf-perturb: per context x op, the
# module's ns/op (sum of ns / sum of ops over CPUs and runs, from its read
# records) without (A) and with (B) srcubench-bpf attached, pair by pair,
# and the B/A - 1 difference of the means with the spread of the pairs.
# --p50: the mean over CPUs of the per-batch median ns/op (p50_ns) instead,
# which TCG's outliers (host preemption of vCPU threads) move far less.
# usage: perturb-summary.sh [--p50] DIR/ab
set -euo pipefail
. "$(dirname "$0")/../tools/lib.sh"
stat=mean
[ "${1:-}" != --p50 ] || { stat=p50; shift; }
d=${1:?usage: $0 [--p50] DIR/ab}
echo "# statistic: $stat"
for f in "$d"/results-[AB]-*.txt; do
	s=$(basename "$f" .txt); s=${s#results-}
	fields read context op ops ns p50_ns <"$f" | awk -v s="$s" -v stat="$stat" '
		{ k = $1 " " $2; o[k] += $3; n[k] += $4; p[k] += $5; np[k]++ }
		END { for (k in o) if (o[k]) printf "%s %s %.4f\n", s, k, stat == "p50" ? p[k] / np[k] : n[k] / o[k] }'
done | awk '
	{ split($1, a, "-"); side = a[1]; pair = a[2]; k = $2 " " $3; v[side, k, pair] = $4; keys[k] = 1; if (pair > np) np = pair }
	END {
		printf "%-8s %-13s %10s %10s %8s %8s  %s\n", "context", "op", "A_ns/op", "B_ns/op", "B/A-1", "sd_pair", "per pair B/A-1"
		for (k in keys) {
			sa = sb = 0; m = 0; s1 = s2 = 0; per = ""
			for (p = 1; p <= np; p++) {
				if (!((("A", k, p) in v) && (("B", k, p) in v))) continue
				sa += v["A", k, p]; sb += v["B", k, p]; m++
				r = v["B", k, p] / v["A", k, p] - 1; s1 += r; s2 += r * r
				per = per sprintf(" %+.2f%%", 100 * r)
			}
			if (!m) continue
			sd = m > 1 ? sqrt((s2 - s1 * s1 / m) / (m - 1)) : 0
			split(k, kk, " ")
			printf "%-8s %-13s %10.3f %10.3f %+7.2f%% %7.2f%% %s\n", kk[1], kk[2], sa / m, sb / m, 100 * (sb / sa - 1), 100 * sd, per
		}
	}' | sort
