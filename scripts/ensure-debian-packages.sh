#!/usr/bin/env bash
# Installs what is missing from Debian's packages (apt-get update first, once). Needs root or sudo.
#   PKG             install PKG unless dpkg has it
#   @CMD:PKG,PKG    install the packages unless the command CMD is already on the PATH (e.g. a Node.js
#                   from another source that bundles npm, which Debian's npm package would conflict with)
set -euo pipefail
missing=()
for spec in "$@"; do
  if [[ $spec == @* ]]; then
    cmd=${spec#@}; cmd=${cmd%%:*}; pkgs=${spec#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=(${pkgs//,/ })
  else
    dpkg-query -W -f='${Status}' "$spec" 2>/dev/null | grep -q "install ok installed" || missing+=("$spec")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
