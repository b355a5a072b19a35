#!/usr/bin/env bash
# Runs every test of BigTech Chat. On a fresh Debian machine it first installs what the tests need
# (the .NET SDK is assumed; MariaDB, Redis and Chromium for the browser tests come from Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."

need_install=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need_install+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
[ -x /usr/bin/chromium ] || need_install+=(chromium)
if [ ${#need_install[@]} -gt 0 ]; then
  echo "Installing ${need_install[*]} for the infrastructure tests ..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_install[@]}" >/dev/null
fi

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet restore BigTechChat.sln
dotnet build BigTechChat.sln --no-restore -c Release
status=0
dotnet test BigTechChat.sln --no-build -c Release \
  --logger "trx" --results-directory "$results" "$@" || status=$?

python3 scripts/summarize_tests.py "$results" || status=1
exit $status
