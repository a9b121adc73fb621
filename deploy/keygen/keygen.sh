#!/bin/sh
# DEV ONLY key material, made once per directory (docker-compose.yml runs it as the one-shot service
# `keygen` on the volume `secrets`):
#   <service>.key.pem  EC P-256 private key, PKCS#8 PEM   (DELETION_TOKENS_SIGNINGKEYS_0_PRIVATEKEY)
#   <service>.pub.pem  its public key, X.509 SPKI PEM     (DELETION_TOKENS_SIGNINGKEYS_0_PUBLICKEY)
#   <service>.kid      the key id                         (DELETION_TOKENS_SIGNINGKEYS_0_ID)
# for each service that signs (tenant-service, orchestrator-service), and unless KEYGEN_POS_KEY=no
#   pos-credentials.key  base64 of 32 random bytes        (POS_CREDENTIALS_KEY)
# File names are those of scripts/fleet's var/fleet/keys/.
#
# Idempotent: a file that exists is kept, so restarts sign with the key the other services already
# trust and old receipts stay verifiable. Every file belongs to the services' user (uid 10001 in the
# images) and only it may read it. Prints what it created or kept, never a private key.
#
# Usage: keygen.sh [directory]   (default /secrets)
# Environment:
#   KEYGEN_SERVICES    services that sign (default "tenant-service orchestrator-service")
#   KEYGEN_KID_SUFFIX  kid of a new key = <service>-<suffix>; docker-compose.yml sets "compose" so that
#                      it can name the kid in DELETION_TOKENS_SIGNINGKEYS_0_ID (an environment variable
#                      cannot read a file). Unset: <service>-<yyyymmdd>-<8 random hex digits>.
#   KEYGEN_POS_KEY     yes (default) or no
#   KEYGEN_UID, KEYGEN_GID  owner of the directory and files (default 10001, user bakery of the images)
set -eu

dir="${1:-/secrets}"
services="${KEYGEN_SERVICES:-tenant-service orchestrator-service}"
owner="${KEYGEN_UID:-10001}:${KEYGEN_GID:-10001}"
pos_key="${KEYGEN_POS_KEY:-yes}"
umask 077

say() {
  echo "keygen: $*"
}

fail() {
  echo "keygen: $*" >&2
  exit 1
}

command -v openssl >/dev/null || fail "openssl is missing"
case "$pos_key" in
  yes|no) ;;
  *) fail "KEYGEN_POS_KEY must be yes or no, not '$pos_key'" ;;
esac
mkdir -p "$dir"
chown "$owner" "$dir"
chmod 0700 "$dir"

# Moves a file written under a temporary name into place: owned by the services' user, read-only.
publish() {
  chown "$owner" "$1"
  chmod 0400 "$1"
  mv -f "$1" "$2"
}

new_kid() {
  if [ -n "${KEYGEN_KID_SUFFIX:-}" ]; then
    echo "$1-$KEYGEN_KID_SUFFIX"
  else
    echo "$1-$(date -u +%Y%m%d)-$(openssl rand -hex 4)"
  fi
}

signing_key() {
  name="$1"
  key="$dir/$name.key.pem"
  pub="$dir/$name.pub.pem"
  kid="$dir/$name.kid"
  fresh=no

  if [ -f "$key" ]; then
    say "kept    $key"
  else
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key.tmp" 2>/dev/null \
      || fail "openssl could not generate the key of $name"
    publish "$key.tmp" "$key"
    say "created $key (private key, not shown)"
    fresh=yes
  fi

  # The public key is always derived from the private key; one that does not match is an error.
  openssl pkey -in "$key" -pubout -out "$pub.tmp" 2>/dev/null || fail "cannot read $key"
  if [ "$fresh" = no ] && [ -f "$pub" ]; then
    if [ "$(cat "$pub.tmp")" = "$(cat "$pub")" ]; then
      rm -f "$pub.tmp"
      say "kept    $pub"
    else
      rm -f "$pub.tmp"
      fail "$pub does not match $key: remove the files of $name (compose: docker compose down -v) and run again"
    fi
  else
    publish "$pub.tmp" "$pub"
    say "created $pub"
  fi

  if [ "$fresh" = no ] && [ -f "$kid" ]; then
    say "kept    $kid: $(cat "$kid")"
    if [ -n "${KEYGEN_KID_SUFFIX:-}" ] && [ "$(cat "$kid")" != "$(new_kid "$name")" ]; then
      say "warning: $kid is not $(new_kid "$name") (KEYGEN_KID_SUFFIX): check the kid the service is given"
    fi
  else
    new_kid "$name" > "$kid.tmp"
    publish "$kid.tmp" "$kid"
    say "created $kid: $(cat "$kid")"
  fi
}

for service in $services; do
  signing_key "$service"
done

if [ "$pos_key" = yes ]; then
  pos="$dir/pos-credentials.key"
  if [ -f "$pos" ]; then
    say "kept    $pos"
  else
    openssl rand -base64 32 > "$pos.tmp"
    publish "$pos.tmp" "$pos"
    say "created $pos (secret, not shown)"
  fi
fi
