#!/usr/bin/env bash
# Runs every test: installs what the tests need (Chromium and PostgreSQL from Debian, npm packages), builds, then runs
# the web unit tests and the .NET test projects (importers, API, crash recovery, browser). The storage and API tests
# start their own PostgreSQL server on loopback (or use the one TAGLOOP_TEST_POSTGRES names).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x /usr/bin/chromium ]]; then
  echo "== Installing Chromium (Debian package) for the browser tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

# Only the server binaries are needed (initdb, pg_ctl): the tests run a throwaway cluster of their own, not the system's.
if [[ -z "${TAGLOOP_TEST_POSTGRES:-}" ]] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "== Installing PostgreSQL (Debian package) for the storage tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

echo "== Web UI: install, unit tests, build"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm test && npm run --silent build)

echo "== .NET: build"
dotnet build Tagloop.slnx -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet format Tagloop.slnx --verify-no-changes --no-restore || { echo "dotnet format found unformatted code: run dotnet format Tagloop.slnx" >&2; exit 1; }

echo "== .NET: tests"
results="$(mktemp -d)"
status=0
dotnet test Tagloop.slnx -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line for every test project together.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
    skipped += int(c.get("total")) - int(c.get("executed"))  # xunit skips count as not executed, not as notExecuted
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
