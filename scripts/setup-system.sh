#!/usr/bin/env bash
# Idempotent system set-up for netc on a Debian bookworm machine (run as root):
# Mesa's software Vulkan driver (lavapipe) from bookworm-backports, which Dawn accepts,
# and the real Fashion-MNIST from Debian's dataset-fashion-mnist.
# Usage: scripts/setup-system.sh [--browser] [--torch]
set -euo pipefail
want_browser=0 want_torch=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --torch) want_torch=1 ;;
    *) echo "setup-system: unknown option '$arg' (use --browser, --torch)" >&2; exit 2 ;;
  esac
done

need=()
mesa_version=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
case "$mesa_version" in
  ""|22.*) need+=(vulkan) ;;
esac
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(data)
[ "$want_browser" = 1 ] && ! command -v chromium >/dev/null && need+=(browser)
[ "$want_torch" = 1 ] && ! /usr/bin/python3 -c 'import torch' 2>/dev/null && need+=(torch)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "setup-system: needs root to install: ${need[*]} (run it with sudo)" >&2; exit 1
fi
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    > /etc/apt/sources.list.d/bookworm-backports.sources
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
for n in "${need[@]}"; do
  case "$n" in
    vulkan) apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null ;;
    data) apt-get install -y -qq dataset-fashion-mnist >/dev/null ;;
    browser) apt-get install -y -qq chromium >/dev/null ;;
    torch) apt-get install -y -qq python3-torch >/dev/null ;;
  esac
done
