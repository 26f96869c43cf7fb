#!/usr/bin/env bash
# Debian tools the tests use as independent checkers: rapper (raptor2-utils), roqet (rasqal-utils),
# xmllint (libxml2-utils), and headless Chromium for the report test. Installed with apt-get when
# missing and we are root; otherwise we say what is missing (those tests then skip, saying why).
set -u
want=()
command -v rapper >/dev/null 2>&1 || want+=(raptor2-utils)
command -v roqet >/dev/null 2>&1 || want+=(rasqal-utils)
command -v xmllint >/dev/null 2>&1 || want+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || want+=(chromium)
command -v dot >/dev/null 2>&1 || want+=(graphviz)
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${want[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}") >/dev/null 2>&1 \
    || echo "warning: apt-get could not install ${want[*]}; the tests that need them will skip" >&2
else
  echo "note: not root; install ${want[*]} with apt-get for the independent parser checks" >&2
fi
exit 0
