#!/usr/bin/env bash
# A real editor as the LSP client: headless Neovim starts `cfgate lsp` on a
# copy of the fixture bundle, and what it shows must match neovim.expected.
# Needs `nvim` (Debian: apt-get install neovim) and a built cfgate
# (CFGATE, default target/debug/cfgate).
set -euo pipefail
cd "$(dirname "$0")/../.."
cfgate=$(realpath "${CFGATE:-target/debug/cfgate}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/lsp/bundle "$work/bundle"
status=0
CFGATE="$cfgate" FIXTURE="$work/bundle/scenario.yaml" OUT="$work/seen.txt" \
  timeout 180 nvim --headless --clean -n -c "luafile tests/editor/neovim.lua" </dev/null || status=$?
if [ ! -f "$work/seen.txt" ]; then
  echo "neovim: no output (exit $status)" >&2
  exit 1
fi
if diff -u tests/editor/neovim.expected "$work/seen.txt" && [ "$status" -eq 0 ]; then
  echo "neovim: cfgate lsp diagnostics and code action as expected"
else
  echo "neovim: unexpected result (exit $status)" >&2
  exit 1
fi
