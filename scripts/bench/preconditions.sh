# shellcheck shell=bash disable=SC2004,SC2034
# (SC2034: the driver and the later sections read the variables set here; SC2004: RSS_IDLE is an associative array,
# declared in scripts/bench/settings.sh, and $svc a key, not arithmetic.)
# ./fastshop bench, before any measurement: the tools, a ready catalog, the databases the stack's services use,
# enough products (--products N seeds first), a JWT, the services' idle memory and the hot product paths.
# Sourced by scripts/cmd-bench.sh, never run; the driver calls preconditions once, after settings and helpers.
# Sets CATALOG_DB, CATALOG_REDIS_DB, ORDER_DB, PRODUCT_COUNT, TOKEN (empty without ./fastshop token), RSS_IDLE[], and
# writes $WORK/ids, $WORK/paths-direct, $WORK/paths-gateway; starts the RSS sampler.

preconditions() {
    local have_products svc pid
    ensure_tool wrk wrk
    ensure_tool h2load nghttp2-client
    ensure_tool psql postgresql-client
    ready "$CATALOG_MPORT" || die "the catalog (port $CATALOG_PORT) is not ready: start the stack with ./fastshop up"
    CATALOG_DB=$(database_of catalog CATALOG_DB_URL catalog)
    CATALOG_REDIS_DB=$(database_of catalog REDIS_URL 0)
    ORDER_DB=$(database_of order ORDER_DB_URL orders)

    if ((PRODUCTS > 0)); then
        have_products=$(psql_catalog -c "SELECT count(*) FROM products")
        if ((have_products < PRODUCTS)); then
            [[ -f $ROOT/scripts/cmd-seed.sh ]] || die "--products needs ./fastshop seed, which does not exist yet"
            step "seeding: $have_products products loaded, $PRODUCTS wanted"
            "$ROOT/fastshop" seed --products "$PRODUCTS"
        fi
    fi
    PRODUCT_COUNT=$(psql_catalog -c "SELECT count(*) FROM products")
    ((PRODUCT_COUNT > 0)) || die "the catalog has no products: ./fastshop seed --products 10000"

    TOKEN=$(mint_token bench-user premium) || TOKEN=''
    [[ -n $TOKEN && ! -f $ROOT/scripts/cmd-token.sh ]] && NOTES+=("JWTs signed by the bench itself (./fastshop token did not exist yet).")

    for svc in catalog order worker gateway; do
        pid=$(pid_of "$svc") && RSS_IDLE[$svc]=$(rss_mb "$pid")
    done
    start_rss_sampler

    # Hot product ids (all served from the cache after the warm-up) and the paths the proxies are measured on.
    psql_catalog -c "SELECT id FROM products ORDER BY id LIMIT 200" >"$WORK/ids"
    sed 's|^|/products/|' "$WORK/ids" >"$WORK/paths-direct"
    sed 's|^|/api/catalog/products/|' "$WORK/ids" >"$WORK/paths-gateway"
}
