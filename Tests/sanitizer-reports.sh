#!/bin/sh
# Fails, showing them, if a sanitizer left any report in DIR (its log_path
# folder): a report from a child process fails the run even when the test
# that started it passed.
# usage: sanitizer-reports.sh DIR
set -eu
reports=$(find "$1" -type f | sort)
if [ -z "$reports" ]; then
    echo "sanitizer: no report in $1"
    exit 0
fi
for report in $reports; do
    echo "== $report"
    cat "$report"
done
echo "sanitizer: $(echo "$reports" | wc -l) report(s) in $1" >&2
exit 1
