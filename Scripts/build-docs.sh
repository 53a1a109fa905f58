#!/usr/bin/env bash
# Builds the API reference (DocC) of every library module with the toolchain's own `docc`:
# symbol graphs from a build of the package, then `docc convert` per module. No plugin package.
#
#   Scripts/build-docs.sh [OUTPUT]        (default OUTPUT: .build/docs)
#
# Open it: serve OUTPUT over HTTP and open /documentation/<module> (lowercase), e.g.
#   python3 -m http.server --directory .build/docs/EBMProtocols 8000
#   then http://localhost:8000/documentation/ebmprotocols
# or preview one module live: docc preview --additional-symbol-graph-dir … (see below).
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(Tensors Images EBMProtocols Losses Samplers Architectures Tasks EBM EBMCommand)
output=${1:-.build/docs}
scratch=.build/docs-build
graphs=$scratch/symbol-graphs

docc=$(command -v docc || true)
if [[ -z "$docc" ]]; then
  docc=$(dirname "$(readlink -f "$(command -v swift)")")/docc
fi
[[ -x "$docc" ]] || { echo "build-docs: the toolchain has no docc" >&2; exit 2; }

rm -rf "$graphs"
mkdir -p "$graphs" "$output"
# A separate scratch path: the symbol-graph flags would otherwise invalidate the usual build.
for module in "${modules[@]}"; do
  swift build --scratch-path "$scratch" --target "$module" \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs" \
    -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public
done

for module in "${modules[@]}"; do
  module_graphs=$scratch/graphs-$module
  rm -rf "$module_graphs"
  mkdir -p "$module_graphs"
  # The module's own graph and its extensions of other modules' types (Module@Other).
  cp "$graphs/$module.symbols.json" "$module_graphs/"
  compgen -G "$graphs/$module@*.symbols.json" >/dev/null && cp "$graphs/$module"@*.symbols.json "$module_graphs/"
  rm -rf "${output:?}/$module"
  "$docc" convert \
    --additional-symbol-graph-dir "$module_graphs" \
    --fallback-display-name "$module" \
    --fallback-bundle-identifier "swift-ebm.$module" \
    --transform-for-static-hosting \
    --output-path "$output/$module"
  echo "build-docs: $output/$module (open /documentation/$(echo "$module" | tr '[:upper:]' '[:lower:]'))"
done
