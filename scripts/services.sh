#!/usr/bin/env bash
# Installs what the test suite needs (only what is missing) and starts private PostgreSQL and Redis
# servers on loopback, and the mail servers of scripts/mail.sh. Source it: it exports
# KEFUDESK_TEST_POSTGRES, KEFUDESK_TEST_REDIS, KEFUDESK_TEST_IMAP and KEFUDESK_TEST_SMTP.
# Safe to run again: running servers are reused.
set -euo pipefail

KD_PG_PORT=${KEFUDESK_PG_PORT:-55432}
KD_REDIS_PORT=${KEFUDESK_REDIS_PORT:-56379}
KD_STATE=${KEFUDESK_SERVICES_DIR:-${TMPDIR:-/tmp}/kefudesk-services}

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$(dirname "${BASH_SOURCE[0]}")/mail.sh"

kd_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

kd_install_missing() {
  local need=()
  [ -n "$(kd_pg_bin)" ] && [ -x "$(kd_pg_bin)/initdb" ] || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # A Chinese font, so browser screenshots show 你好 rather than empty boxes.
  [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
  # A barcode reader, so browser tests scan the shipping labels' barcodes as a courier would.
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
  kd_apt_install "${need[@]}"
}

kd_start_postgres() {
  local bin data sock
  bin=$(kd_pg_bin); data="$KD_STATE/pg-$KD_PG_PORT"; sock="$KD_STATE/pg-sock"
  mkdir -p "$KD_STATE" "$sock"
  chmod 755 "$KD_STATE"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$sock"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data"; fi
    kd_as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! kd_as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    kd_as_pg "$bin/pg_ctl" -D "$data" -w -l "$data/server.log" \
      -o "-p $KD_PG_PORT -k $sock -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null
  fi
  echo "[services] PostgreSQL on 127.0.0.1:$KD_PG_PORT"
}

kd_as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

kd_start_redis() {
  if ! redis-cli -p "$KD_REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$KD_REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --dir "$KD_STATE" --logfile "$KD_STATE/redis-$KD_REDIS_PORT.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$KD_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "[services] Redis on 127.0.0.1:$KD_REDIS_PORT"
}

kd_install_missing
kd_ensure_node
kd_start_postgres
kd_start_redis
kd_start_mail
export KEFUDESK_TEST_POSTGRES="Host=127.0.0.1;Port=$KD_PG_PORT;Username=postgres;Password=postgres"
export KEFUDESK_TEST_REDIS="127.0.0.1:$KD_REDIS_PORT"
export KEFUDESK_TEST_CHROMIUM="$(command -v chromium)"
