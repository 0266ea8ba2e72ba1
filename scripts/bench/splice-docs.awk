# Replaces what lies between the markers <!-- NAME:begin --> and <!-- NAME:end --> of a Markdown file (NAME: bench
# unless -v name=… says otherwise) with the lines of another file; the markers and everything outside them stay.
#   awk -v gen=GENERATED_FILE [-v name=chaos] -f splice-docs.awk DOC > NEW_DOC
# Used by scripts/bench/report.sh (docs/performance.md) and scripts/cmd-chaos.sh (docs/reliability.md), whose
# hand-written interpretation stays as it is.

BEGIN { if (name == "") name = "bench"; begin = "<!-- " name ":begin -->"; end = "<!-- " name ":end -->" }
index($0, begin) { print; while ((getline line < gen) > 0) print line; skip = 1; next }
index($0, end) { skip = 0 }
!skip { print }
