#!/usr/bin/env bash
# Prints nginx's set_real_ip_from lines, one per network in TRUSTED_PROXIES (read from the settings file given,
# /etc/empowerment/env by default), for deploy/nginx/empowerment.conf to include:
#   deploy/nginx/trusted-proxies.sh /etc/empowerment/env > /etc/nginx/empowerment-trusted-proxies.conf
#   nginx -t && systemctl reload nginx
# So nginx and the application (audit.recording.client_address) trust the same proxies. No TRUSTED_PROXIES, or
# an empty one, prints a comment only: nginx is the edge and trusts no X-Forwarded-For.
set -euo pipefail
ENV_FILE=${1:-/etc/empowerment/env}
ranges=$(sed -n 's/^TRUSTED_PROXIES=//p' "$ENV_FILE" | tail -n 1 | tr -d '"' | tr ',' ' ')
echo "# Made by deploy/nginx/trusted-proxies.sh from TRUSTED_PROXIES in $ENV_FILE; do not edit."
for range in $ranges; do
  if ! [[ $range =~ ^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$ ]]; then
    echo "trusted-proxies.sh: not a network: $range" >&2
    exit 1
  fi
  echo "set_real_ip_from $range;"
done
