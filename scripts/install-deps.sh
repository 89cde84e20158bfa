#!/bin/sh
# Installs the Debian packages newsflow builds and tests with, only those missing.
# Runs apt-get update once, and only when something has to be installed.
set -eu

PACKAGES="pkg-config make gcc liblua5.4-dev libuv1-dev libcjson-dev libpcre2-dev \
libutf8proc-dev libinih-dev libcmocka-dev python3"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0

echo "newsflow: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "newsflow: run as root or install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
