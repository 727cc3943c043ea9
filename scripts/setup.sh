#!/usr/bin/env bash
# One idempotent setup for developers, CI and the tests: Debian packages,
# npm dependencies from the lockfile, and the TypeScript build in dist/.
# Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  make gcc libc6-dev              # host builds of the firmware (protocol tests, golden reference)
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi   # firmware
  qemu-system-arm                 # the default emulator
  socat                           # pseudo-terminals: a real serial path to an emulated board
  espeak-ng flite sox             # hil synth: speech engines and effects (docs/synth.md)
  festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts   # hil synth: festival and its voices
  festvox-czech-dita festvox-czech-krb festvox-czech-machac festvox-czech-ph   # more real speakers (training only)
  festvox-italp16k festvox-itapc16k festvox-suopuhe-lj festvox-suopuhe-mv
  chromium                        # the HTML report's browser tests (@playwright/test drives Debian's Chromium)
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lockfile changed since the last install (idempotent and fast).
stamp=node_modules/.tinyhil-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# TypeScript into dist/, and the HTML report's page script bundled into dist/web/.
npm run build --silent
