#!/usr/bin/env sh
# The seed article end to end: import its claim ledger, follow it through two
# revisions, see what changed, what the checks flag, and the correction drafted.
# Uses ./walkthrough.db (removed first) unless FACTCHECK_DATABASE_URL is set.
set -e
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${FACTCHECK_DATABASE_URL:-}" ]; then
  rm -f walkthrough.db walkthrough.db-wal walkthrough.db-shm
  export FACTCHECK_DATABASE_URL=sqlite:///walkthrough.db
fi
export FACTCHECK_USER=${FACTCHECK_USER:-walkthrough}
export FACTCHECK_CONFIG=${FACTCHECK_CONFIG:-$here/factcheck.toml}
step() { printf '\n$ factcheck %s\n' "$*"; factcheck "$@"; }

step import "$here/khadr-wikileaks.yaml"
step revisions khadr-wikileaks
step claims khadr-wikileaks
step claim show 7
step add-claim khadr-wikileaks "Khadr was captured in Afghanistan at the age of 15" \
  --source "United States v. Omar Ahmed Khadr, referred charge sheet" --stance supports
step check khadr-wikileaks
step add-revision khadr-wikileaks "$here/khadr-wikileaks-v2.txt" --published 2010-12-03
step diff v1 v2
step claim show 8
step add-revision khadr-wikileaks "$here/khadr-wikileaks-v3.txt" --published 2010-12-03
step diff v2 v3 --ignore-cosmetic
step extract khadr-wikileaks v3
step check khadr-wikileaks
step findings khadr-wikileaks
step claims --status in-review
step notice khadr-wikileaks v2 v3
step notice approve 1 --by m.tremblay
step notice publish 1
step notices khadr-wikileaks --format markdown
step export khadr-wikileaks --format claimreview
step report --since 2010-12-01
