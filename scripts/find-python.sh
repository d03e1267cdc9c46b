#!/usr/bin/env bash
# Print the path of a Python 3.12 or newer, or explain how to get one and fail.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
if command -v pyenv >/dev/null 2>&1; then
  # pyenv honours .python-version (3.12) when that version is installed.
  p=$(pyenv which python 2>/dev/null) && candidates+=("$p")
  root=$(pyenv root 2>/dev/null)
  for d in "$root"/versions/3.1[2-9]*; do [ -x "$d/bin/python" ] && candidates+=("$d/bin/python"); done
fi
for name in python3.14 python3.13 python3.12 python3; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
for p in "${candidates[@]}"; do
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "ThinkFamily needs Python 3.12 or newer, and none was found." >&2
echo "Install one (for example 'pyenv install 3.12' or your system's python3.12 package) and run make again." >&2
exit 1
