#!/usr/bin/env bash
# Issue #19: every PDF under the given folders is tagged and passes two
# independent PDF/UA checkers with no finding, qpdf's structural check, and
# has every font embedded, subset and mapped to Unicode.
#
#   tests/e2e/pdf-standards.sh public [target/corpus-public ...]
#
# Needs poppler-utils and qpdf (apt) and outloud and pdfua (pip; .ci/run
# installs them).
set -euo pipefail
count=0
for folder in "$@"; do
    while IFS= read -r -d '' pdf; do
        count=$((count + 1))
        pdfinfo "$pdf" 2> /dev/null | grep -q '^Tagged: *yes' || { echo "not tagged: $pdf" >&2; exit 1; }
        pdffonts "$pdf" 2> /dev/null | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") { bad = 1; print "font not embedded, subset and mapped: " $0 } END { exit bad }'
        qpdf --check "$pdf" > /dev/null
        # Any finding, warnings included, fails.
        outloud --quiet --fail-on warning "$pdf"
        if ! pdfua check "$pdf" > target/pdfua.out 2>&1; then
            cat target/pdfua.out >&2
            echo "pdfua check found something in $pdf" >&2
            exit 1
        fi
        grep -q "result: PASS" target/pdfua.out
    done < <(find "$folder" -name '*.pdf' -print0 | sort -z)
done
echo "$count PDF(s): tagged, PDF/UA checks passed (outloud, pdfua), qpdf clean, fonts embedded"
test "$count" -gt 0
