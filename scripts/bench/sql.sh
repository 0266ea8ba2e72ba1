# shellcheck shell=bash
# ./fastshop bench, section 4: SQL plans of the catalog's queries: full-text search vs ILIKE, keyset vs OFFSET pages
# (EXPLAIN ANALYZE, the median of SQL_REPEAT runs; the plans go to $WORK/plan-* for the report).
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_sql: figures fts.ms, search_plan_uses_gin (the gate's), search_plan_chooses_gin, ilike.ms, ilike_fts_ratio,
# keyset1.ms, keysetn.ms, offsetn.ms, keyset_page, keyset_pagen_page1_ratio, offset_keyset_ratio.

# median execution time (ms) of a statement over SQL_REPEAT EXPLAIN ANALYZE runs; the last plan goes to FILE
explain_ms() {
    local sql=$1 file=$2 i times=()
    for ((i = 0; i < SQL_REPEAT; i++)); do
        psql_catalog -c "EXPLAIN (ANALYZE, BUFFERS) $sql" >"$file"
        times+=("$(sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p' "$file")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -f "$BENCH_LIB/median.awk"
}

SEARCH_TERM='wireless headphones'
RANK_WINDOW=200 # the catalog's default catalog.search.rank-window
section_sql() {
    step "4. SQL: full-text search vs ILIKE, keyset vs OFFSET pages ($PRODUCT_COUNT products, median of $SQL_REPEAT)"
    local columns='p.id, p.sku, p.name, p.brand, p.price, p.currency, p.stock, p.rating'
    local fts ilike term=$SEARCH_TERM
    # The catalog's own query shape (SearchSql): websearch_to_tsquery on the weighted tsvector, a window of matches
    # ranked, top 21.
    fts="SELECT $columns FROM (SELECT p.*, ts_rank_cd(p.search, websearch_to_tsquery('english', '$term')) AS rank
        FROM products p WHERE p.search @@ websearch_to_tsquery('english', '$term') LIMIT $RANK_WINDOW) p
        ORDER BY p.rank DESC, p.id LIMIT 21"
    # What it replaces: substring matching on name and description, every word, best-rated first.
    local like_where='' word words
    read -ra words <<<"$term"
    for word in "${words[@]}"; do
        like_where+="${like_where:+ AND }(p.name ILIKE '%$word%' OR p.description ILIKE '%$word%')"
    done
    ilike="SELECT $columns FROM products p WHERE $like_where ORDER BY p.rating DESC NULLS LAST, p.id LIMIT 21"
    FIG[fts.ms]=$(explain_ms "$fts" "$WORK/plan-fts")
    say "full-text '$term': ${FIG[fts.ms]} ms"
    # On demo data the planner may rightly prefer a sequential scan; with sequential scans priced out, a plan still
    # without the index means the query can no longer use it (an expression that does not match, a dropped index).
    if grep -q 'products_search_gin' "$WORK/plan-fts"; then fig search_plan_chooses_gin true; else fig search_plan_chooses_gin false; fi
    if psql_catalog -c "SET enable_seqscan = off" -c "EXPLAIN $fts" | grep 'products_search_gin' >/dev/null; then
        fig search_plan_uses_gin true
    else
        fig search_plan_uses_gin false
    fi
    ratio "full-text query can use the GIN index (products_search_gin)" "${FIG[search_plan_uses_gin]}" "true"
    ratio "… and the planner chooses it at $PRODUCT_COUNT products" "${FIG[search_plan_chooses_gin]}" "true on 1M"
    [[ $MODE == gate ]] && return 0

    FIG[ilike.ms]=$(explain_ms "$ilike" "$WORK/plan-ilike")
    say "ILIKE '$term': ${FIG[ilike.ms]} ms"
    fig ilike_fts_ratio "$(calc "${FIG[ilike.ms]} / ${FIG[fts.ms]}" 1)"
    ratio "ILIKE / full-text search, execution time" "${FIG[ilike_fts_ratio]}" "≥ 100 (1M products)"
    sql_row "full-text search '$term' (GIN, $RANK_WINDOW matches ranked)" "${FIG[fts.ms]}"
    sql_row "ILIKE '%…%' on name and description" "${FIG[ilike.ms]}"

    local page=$((PRODUCT_COUNT / 20 - 1))
    ((page > 10000)) && page=10000
    ((page < 2)) && { skip "keyset pages" "too few products"; return 0; }
    local after keyset1 keysetn offsetn
    after=$(psql_catalog -F, -c "SELECT price, id FROM products ORDER BY price, id OFFSET $(((page - 1) * 20 - 1)) LIMIT 1")
    keyset1="SELECT $columns FROM products p ORDER BY p.price, p.id LIMIT 21"
    keysetn="SELECT $columns FROM products p WHERE (p.price, p.id) > (${after%,*}, ${after#*,}) ORDER BY p.price, p.id LIMIT 21"
    offsetn="SELECT $columns FROM products p ORDER BY p.price, p.id OFFSET $(((page - 1) * 20)) LIMIT 21"
    FIG[keyset1.ms]=$(explain_ms "$keyset1" "$WORK/plan-keyset1")
    FIG[keysetn.ms]=$(explain_ms "$keysetn" "$WORK/plan-keysetn")
    FIG[offsetn.ms]=$(explain_ms "$offsetn" "$WORK/plan-offsetn")
    fig keyset_page "$page"
    say "page 1: ${FIG[keyset1.ms]} ms; keyset page $page: ${FIG[keysetn.ms]} ms; OFFSET page $page: ${FIG[offsetn.ms]} ms"
    fig keyset_pagen_page1_ratio "$(calc "${FIG[keysetn.ms]} / ${FIG[keyset1.ms]}")"
    fig offset_keyset_ratio "$(calc "${FIG[offsetn.ms]} / ${FIG[keysetn.ms]}" 1)"
    ratio "keyset page $page / page 1, execution time" "${FIG[keyset_pagen_page1_ratio]}" "≤ 1.2"
    ratio "OFFSET page $page / keyset page $page" "${FIG[offset_keyset_ratio]}" "grows with the page"
    sql_row "page 1 by price" "${FIG[keyset1.ms]}"
    sql_row "keyset page $page by price" "${FIG[keysetn.ms]}"
    sql_row "OFFSET page $page by price" "${FIG[offsetn.ms]}"
}
