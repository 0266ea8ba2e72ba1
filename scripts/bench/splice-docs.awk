# Replaces what lies between the markers <!-- bench:begin --> and <!-- bench:end --> of a Markdown file with the
# lines of another file; the markers and everything outside them stay as they are.
#   awk -v gen=GENERATED_FILE -f splice-docs.awk DOC > NEW_DOC
# Used by scripts/bench/report.sh to update docs/performance.md, which keeps its hand-written interpretation.

/<!-- bench:begin -->/ { print; while ((getline line < gen) > 0) print line; skip = 1; next }
/<!-- bench:end -->/ { skip = 0 }
!skip { print }
