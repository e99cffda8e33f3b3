#!/usr/bin/env bash
# Renders the chart helm/llm-cache to plain Kubernetes manifests, without a cluster and
# without a helm binary: what `helm template` prints, by the Helm that the build embeds
# (helm-java, the one HelmChartTests lints and renders with). See helm/llm-cache/README.md.
#
#   helm/render.sh [--release NAME] [--namespace NAMESPACE] [-o FILE] [VALUES_FILE...]
#
# Release and namespace default to llm-cache; values files are merged in order over the
# chart's defaults (as `helm template -f`). The manifests go to standard output, or to
# FILE; build messages go to standard error. Maven options (for example -o to work
# offline) can be given in MAVEN_ARGS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSPATH_FILE="$ROOT/target/render-classpath.txt"
BUILD_LOG="$ROOT/target/render-build.log"

# Paths are relative to where the script was called from; Java runs in the project
# directory (the chart's path is relative to it), so make them absolute first.
absolute() {
	case "$1" in
	/*) printf '%s' "$1" ;;
	*) printf '%s/%s' "$PWD" "$1" ;;
	esac
}
args=()
while (($#)); do
	case "$1" in
	-o | --output)
		(($# >= 2)) || { echo "$1 needs a file" >&2; exit 2; }
		args+=("$1" "$(absolute "$2")")
		shift 2
		;;
	--release | --namespace | -n)
		(($# >= 2)) || { echo "$1 needs a value" >&2; exit 2; }
		args+=("$1" "$2")
		shift 2
		;;
	-*)
		args+=("$1")
		shift
		;;
	*)
		args+=("$(absolute "$1")")
		shift
		;;
	esac
done

# The test classes (RenderChart and the chart's test support) and the test classpath,
# as bench/lib.sh builds them; formatting is not checked here, the build does that.
mkdir -p "$ROOT/target"
echo "building the test classes (./mvnw test-compile; log: target/render-build.log)" >&2
if ! (cd "$ROOT" && ./mvnw -q -B -Dspring-javaformat.skip=true -Dspring-javaformat.validate.skip=true \
	test-compile dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test) \
	>"$BUILD_LOG" 2>&1; then
	tail -n 40 "$BUILD_LOG" >&2
	echo "build failed (log: target/render-build.log)" >&2
	exit 1
fi

JAVA="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
	JAVA="$JAVA_HOME/bin/java"
fi
cd "$ROOT"
exec "$JAVA" -cp "$ROOT/target/test-classes:$(cat "$CLASSPATH_FILE")" io.llmcache.deploy.RenderChart "${args[@]}"
