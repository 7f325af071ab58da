# Mail servers for the email channel's tests, sourced by services.sh: Dovecot (IMAP, and LMTP for
# delivery) and Postfix (SMTP), both on loopback only, each from its own config folder under
# $KD_STATE so nothing in /etc is changed and the system's own instances (if any) are left alone.
#
# Mailboxes: any address at example.test exists on first use (a static user database with one
# password, $KD_MAIL_PASSWORD), so every test class makes its own and parallel runs never read each
# other's mail. Mail lives under $KD_STATE/mail/<domain>/<name>/Maildir.
# Postfix takes mail for example.test on 127.0.0.1:$KD_SMTP_PORT (AUTH through Dovecot offered,
# not required from loopback) and hands it to Dovecot's LMTP; anything else it refuses to send on.

KD_IMAP_PORT=${KEFUDESK_IMAP_PORT:-10143}
KD_SMTP_PORT=${KEFUDESK_SMTP_PORT:-10025}
KD_LMTP_PORT=${KEFUDESK_LMTP_PORT:-10024}
KD_MAIL_AUTH_PORT=${KEFUDESK_MAIL_AUTH_PORT:-10026}
KD_MAIL_PASSWORD=${KEFUDESK_MAIL_PASSWORD:-kefudesk-mail}

kd_mail_install_missing() {
  local need=()
  command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
  [ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
  command -v postfix >/dev/null 2>&1 || need+=(postfix)
  [ ${#need[@]} -gt 0 ] || return 0
  # The packages would start system-wide servers on ports 25 and 143: keep them from starting.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | kd_sudo tee /usr/sbin/policy-rc.d >/dev/null
    kd_sudo chmod 755 /usr/sbin/policy-rc.d
    guard=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | kd_sudo debconf-set-selections
  kd_apt_install "${need[@]}"
  if [ -n "$guard" ]; then kd_sudo rm -f /usr/sbin/policy-rc.d; fi
}

kd_mail_tls() {
  local dir="$KD_STATE/mail-tls"
  mkdir -p "$dir"
  if [ ! -f "$dir/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
    chmod 600 "$dir/key.pem"
  fi
}

kd_start_dovecot() {
  local conf="$KD_STATE/dovecot" mail="$KD_STATE/mail"
  mkdir -p "$conf" "$conf/run" "$conf/state" "$mail"
  chown nobody:nogroup "$mail" 2>/dev/null || chmod 1777 "$mail"
  cat > "$conf/dovecot.conf.new" <<EOF
# Written by scripts/mail.sh: a private Dovecot for KefuDesk's tests.
instance_name = kefudesk-dovecot
base_dir = $conf/run
state_dir = $conf/state
protocols = imap lmtp
listen = 127.0.0.1
log_path = $KD_STATE/dovecot.log
ssl = yes
ssl_cert = <$KD_STATE/mail-tls/cert.pem
ssl_key = <$KD_STATE/mail-tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
# Tests try wrong passwords on purpose: no growing penalty for loopback, no 2 s wait per failure.
login_trusted_networks = 127.0.0.0/8
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {
  driver = static
  args = password=$KD_MAIL_PASSWORD
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$mail/%Ld/%Ln
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $KD_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $KD_LMTP_PORT
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $KD_MAIL_AUTH_PORT
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
EOF
  local changed=""
  cmp -s "$conf/dovecot.conf.new" "$conf/dovecot.conf" || { mv "$conf/dovecot.conf.new" "$conf/dovecot.conf"; changed=1; }
  rm -f "$conf/dovecot.conf.new"
  if [ -f "$conf/run/master.pid" ] && kill -0 "$(cat "$conf/run/master.pid")" 2>/dev/null; then
    [ -z "$changed" ] || dovecot -c "$conf/dovecot.conf" reload
  else
    dovecot -c "$conf/dovecot.conf"
  fi
  kd_wait_port "$KD_IMAP_PORT" Dovecot
  echo "[services] Dovecot IMAP on 127.0.0.1:$KD_IMAP_PORT (STARTTLS offered, self-signed)"
}

kd_start_postfix() {
  local conf="$KD_STATE/postfix"
  mkdir -p "$conf" "$KD_STATE/postfix-queue" "$KD_STATE/postfix-data"
  chown postfix "$KD_STATE/postfix-data"
  cat > "$conf/main.cf" <<EOF
# Written by scripts/mail.sh: a private Postfix for KefuDesk's tests.
compatibility_level = 3.6
queue_directory = $KD_STATE/postfix-queue
data_directory = $KD_STATE/postfix-data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.kefudesk.test
mydomain = kefudesk.test
myorigin = kefudesk.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file_prefixes = $KD_STATE
maillog_file = $KD_STATE/postfix.log
smtp_dns_support_level = disabled
virtual_mailbox_domains = example.test
virtual_transport = lmtp:inet:127.0.0.1:$KD_LMTP_PORT
default_transport = error:the test mail server delivers only to example.test
relay_transport = error:the test mail server delivers only to example.test
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$KD_MAIL_AUTH_PORT
smtpd_tls_security_level = may
smtpd_tls_cert_file = $KD_STATE/mail-tls/cert.pem
smtpd_tls_key_file = $KD_STATE/mail-tls/key.pem
message_size_limit = 52428800
biff = no
EOF
  cat > "$conf/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$KD_SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  if postfix -c "$conf" status >/dev/null 2>&1; then
    postfix -c "$conf" reload >/dev/null 2>&1
  else
    # Postfix reports to syslog only when it has no terminal: on failure, see postfix.log.
    postfix -c "$conf" start >/dev/null 2>&1 || { tail -n 5 "$KD_STATE/postfix.log" >&2; return 1; }
  fi
  kd_wait_port "$KD_SMTP_PORT" Postfix
  echo "[services] Postfix SMTP on 127.0.0.1:$KD_SMTP_PORT (delivers example.test into Dovecot)"
}

kd_wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "[services] $2 did not open port $1; see $KD_STATE/*.log" >&2
  return 1
}

kd_start_mail() {
  kd_mail_install_missing
  kd_mail_tls
  kd_start_dovecot
  kd_start_postfix
  export KEFUDESK_TEST_IMAP="127.0.0.1:$KD_IMAP_PORT"
  export KEFUDESK_TEST_SMTP="127.0.0.1:$KD_SMTP_PORT"
  export KEFUDESK_TEST_MAIL_PASSWORD="$KD_MAIL_PASSWORD"
}
