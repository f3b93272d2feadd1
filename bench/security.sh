#!/usr/bin/env bash
# Scan a running homesec (`make run`) with sqlmap and wapiti, Debian's packages, on
# loopback only, bounded in time, with every module that contacts an outside host turned
# off (wapiti's ssrf and xxe call an outside endpoint; nikto and wapp fetch databases).
# Prints their findings.
#
#   bench/security.sh [URL]            URL: http://127.0.0.1:8000 by default
#
# It logs in with an API token of its own, made for a throwaway admin login and removed
# afterwards (manage.py shell, on the same .run/ as the running site).
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:-http://127.0.0.1:8000}
case "$url" in
  http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
  *) echo "security.sh scans loopback only (got $url)"; exit 2 ;;
esac
for tool in sqlmap wapiti; do
  command -v "$tool" >/dev/null || { apt-get install -y -q "$tool" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }; }
done
out=.run/security; rm -rf "$out"; mkdir -p "$out"
py=.venv/bin/python
# A throwaway admin login for the scan: an API token, and a session for the pages.
read -r token session < <($py manage.py shell --verbosity 0 -c "
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from knox.models import AuthToken
from homesec.roles import make_admin
user, _ = User.objects.get_or_create(username='security-scan')
make_admin(user)
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: 'django.contrib.auth.backends.ModelBackend'})
session.create()
print(AuthToken.objects.create(user=user, expiry=None)[1], session.session_key)")
trap '$py manage.py shell --verbosity 0 -c "from django.contrib.auth.models import User; User.objects.filter(username=\"security-scan\").delete()"' EXIT
auth="Authorization: Token $token"

echo "== sqlmap: every query parameter of the events list, the search and the filters"
for target in "/api/events/?camera=front_door&risk_level=high&search=person&since=2026-01-01T00:00:00Z&reviewed=false" \
              "/api/detections/?camera=front_door&object_type=person" \
              "/api/system/gpu/history/?minutes=60"; do
  timeout 300 sqlmap -u "$url$target" --headers="$auth" --batch --level 2 --risk 1 \
    --timeout 10 --retries 0 --threads 2 --time-sec 2 --output-dir "$out/sqlmap" \
    --disable-coloring 2>&1 | grep -E "is vulnerable|injectable|might be|all tested parameters|WARNING.*not" || true
done

echo "== wapiti: pages and API, modules that stay on this machine"
# wapiti 3.0.4 builds every module, used or not, and its wapp and nikto modules fetch their
# databases from the web when they find none: give it empty ones, so nothing calls out.
export HOME="$PWD/$out/home"
mkdir -p "$HOME/.wapiti/config"
echo '{}' > "$HOME/.wapiti/config/apps.json"
: > "$HOME/.wapiti/config/nikto_db"
modules=sql,blindsql,xss,permanentxss,exec,file,crlf,redirect,methods,http_headers,cookieflags,csp,csrf,backup,htaccess,shellshock
timeout 600 wapiti -u "$url/" --scope folder -m "$modules" --max-scan-time 480 \
  -H "$auth" -H "Cookie: sessionid=$session" \
  --flush-session -f txt -o "$out/wapiti.txt" > "$out/wapiti.log" 2>&1 || true
[ -f "$out/wapiti.txt" ] || { echo "wapiti failed: see $out/wapiti.log"; tail -3 "$out/wapiti.log"; }
[ -f "$out/wapiti.txt" ] && sed -n '/Summary of vulnerabilities/,/^\*\*\*\*\*/p' "$out/wapiti.txt"
echo "Reports: $out/"
