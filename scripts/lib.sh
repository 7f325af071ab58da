# Shared by the project's scripts: install only what is missing, from Debian's packages.

kd_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

kd_apt_updated=""
kd_apt_install() {
  [ $# -gt 0 ] || return 0
  echo "[setup] installing from apt: $*"
  if [ -z "$kd_apt_updated" ]; then
    kd_sudo apt-get update -qq
    kd_apt_updated=1
  fi
  kd_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The widget is TypeScript bundled by npm during the build.
kd_ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    kd_apt_install nodejs npm
  fi
}
