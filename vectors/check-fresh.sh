#!/usr/bin/env bash
# Regenerates the known-answer vectors into a temporary directory and compares them with
# the committed files. Exits non-zero if anything differs (or if the generator fails).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gen="$here/generator"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "check-fresh: installing the pinned generator dependencies (npm ci)"
(cd "$gen" && npm ci --no-audit --no-fund)

echo "check-fresh: regenerating into $tmp/out"
mkdir -p "$tmp/out" "$tmp/committed"
(cd "$gen" && node generate.mjs "$tmp/out")

# The committed files are every *.json under vectors/ except the generator's own folder: the
# rule by which the tests, `srpcore vectors verify` and the package build pick vector files
# (srpcore.cognito.vectors.vector_files). A file the generator no longer writes, or one it
# writes that is not committed, is a difference like any other.
files=()
while IFS= read -r -d '' f; do
	files+=("${f#"$here"/}")
done < <(find "$here" -path "$here/generator" -prune -o -type f -name '*.json' -print0 | sort -z)
if [[ ${#files[@]} -eq 0 ]]; then
	echo "check-fresh: FAIL: no committed vector files under vectors/" >&2
	exit 1
fi
for f in "${files[@]}"; do
	mkdir -p "$(dirname "$tmp/committed/$f")"
	cp "$here/$f" "$tmp/committed/$f"
done

if ! diff -r -q "$tmp/committed" "$tmp/out" >/dev/null; then
	echo "check-fresh: FAIL: the committed vector files differ from a fresh run of vectors/generator/generate.mjs." >&2
	echo "check-fresh: the files are generated, never edited by hand; regenerate them with" >&2
	echo "check-fresh:   cd vectors/generator && npm ci && node generate.mjs" >&2
	diff -r -q "$tmp/committed" "$tmp/out" >&2 || true
	diff -r "$tmp/committed" "$tmp/out" | head -n 40 >&2 || true
	exit 1
fi

echo "check-fresh: OK: all ${#files[@]} vector files match a fresh run: ${files[*]}"
