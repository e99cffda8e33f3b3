#!/usr/bin/env bash
# llm-cache fault injection: the service under steady load (4 clients storing and looking
# up) while its Redis is paused, killed with SIGKILL and restarted, slowed by 400 ms
# commands, and full (maxmemory reached), beside the same load without a fault. Runs the
# suite that CI runs (FaultInjectionSoakTests, against the real redis-server the
# build brings, with an fsync-always append-only file) and prints its figures: answers by
# status, recovery time (end of the fault to the first acknowledged store), acknowledged
# stores lost. Writes bench/results/faults.md. Usage: bench/faults.sh   (about a minute)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p bench/results bench/.work/logs
LOG="bench/.work/logs/faults.log"
echo "bench/faults.sh: running FaultInjectionSoakTests (log: $LOG)" >&2
./mvnw -B -ntp -Plong test-compile dependency:properties surefire:test -Dtest=FaultInjectionSoakTests >"$LOG" 2>&1 || {
	tail -n 60 "$LOG" >&2
	echo "bench/faults.sh: the suite failed (log: $LOG)" >&2
	exit 1
}
{
	echo "# Fault injection, $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "$(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -n 1)"
	echo
	grep -E '^FAULTS \|' "$LOG" | sed 's/^FAULTS //'
	echo
	grep -E '^FAULTS acknowledged' "$LOG" | sed 's/^FAULTS //'
} | tee bench/results/faults.md
