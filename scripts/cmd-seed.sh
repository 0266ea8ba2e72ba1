#!/usr/bin/env bash
# ./fastshop seed --products N
# Brings the catalog to exactly N seeded products (sku SEED-00000001 … SEED-<N>): missing ones are inserted, seeded
# ones above N are deleted, products created through the API are never touched. The data is deterministic (the same N
# always gives the same rows) and realistic enough for search: brands, adjectives, materials and category nouns.
# Inserts run inside PostgreSQL (generate_series) in batches of 50k rows, one transaction each, one session per core
# (FASTSHOP_SEED_JOBS): computing the weighted tsvector of each row is most of the work, and it is CPU-bound. For a
# large load the secondary indexes (full-text GIN, trigram GIN, keyset btrees) are dropped first and rebuilt at the end
# from their definitions as read from pg_indexes, side by side: building a GIN index once is several times faster than
# maintaining it per row.
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
./fastshop seed --products N

  --products N   make the catalog hold exactly N seeded products (default 10000); 1000000 works
Database: CATALOG_DB_NAME (default catalog) on FASTSHOP_PG_HOST:FASTSHOP_PG_PORT as CATALOG_DB_USER (default catalog)
with CATALOG_DB_PASSWORD. The schema comes from the catalog service's Flyway migrations: start it once first.
EOF_USAGE
}

PRODUCTS=10000
BATCH=50000
JOBS=${FASTSHOP_SEED_JOBS:-$(nproc)}
while [[ $# -gt 0 ]]; do
    case $1 in
    --products) PRODUCTS=${2:?--products needs a number}; shift 2 ;;
    --products=*) PRODUCTS=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
[[ $PRODUCTS =~ ^[0-9]+$ ]] || die "--products must be a non-negative integer, got '$PRODUCTS'"
((PRODUCTS <= 99999999)) || die "--products is limited to 99999999 (8-digit skus)"

export PGHOST=${FASTSHOP_PG_HOST:-127.0.0.1} PGPORT=${FASTSHOP_PG_PORT:-5432}
export PGUSER=${CATALOG_DB_USER:-catalog} PGDATABASE=${CATALOG_DB_NAME:-catalog}
export PGPASSWORD=${CATALOG_DB_PASSWORD:-}

sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

sql -c 'SELECT 1 FROM products LIMIT 1' >/dev/null 2>&1 ||
    die "no products table in database '$PGDATABASE' on $PGHOST:$PGPORT: start the catalog service once (./fastshop up) so Flyway creates the schema"

progress() { # DONE TOTAL STARTED_MS FIRST_ROW: rows/s counts the rows inserted by this run only
    local done=$1 total=$2 started=$3 first=$4 width=40 filled rate elapsed
    elapsed=$(($(date +%s%N) / 1000000 - started))
    ((elapsed > 0)) || elapsed=1
    filled=$((total > 0 ? done * width / total : width))
    rate=$(((done - first + 1) * 1000 / elapsed))
    printf '\r  [%-*s] %d/%d  %d rows/s ' "$width" "$(printf '%*s' "$filled" '' | tr ' ' '#')" "$done" "$total" "$rate"
}

# One batch: rows lo..hi. Every attribute is a pure function of the row number i (multiplicative hashing), so a
# re-run or another machine produces the same catalog.
insert_batch() {
    sql -v lo="$1" -v hi="$2" <<'EOF_SQL'
SET synchronous_commit = off;
INSERT INTO products (sku, name, brand, description, category, price, currency, stock, attributes, rating,
                      created_at, updated_at)
SELECT 'SEED-' || lpad(i::text, 8, '0'),
       adj || ' ' || noun || ' ' || model,
       brand,
       format('The %s %s by %s: %s %s, built for %s. %s finish, %s-year warranty.', lower(adj), lower(noun), brand,
              lower(adj2), lower(material), use, initcap(color), 1 + h % 3),
       cat, price, 'EUR', stock,
       jsonb_build_object('color', color, 'material', material, 'weightGrams', 100 + h % 4900),
       rating, created, created
FROM (
    SELECT i, h, model, price, stock, rating, created,
           (ARRAY['Acme','Nordwind','Lumen','Vertex','Orbit','Kestrel','Solace','Brightline','Hale','Tundra',
                  'Cobalt','Meridian','Pioneer','Aurora','Granite','Swift','Harbor','Nimbus','Ember','Quill'])
               [1 + (h / 7) % 20] AS brand,
           (ARRAY['Compact','Wireless','Premium','Ultralight','Rugged','Classic','Smart','Portable','Professional',
                  'Eco','Deluxe','Essential','Sport','Urban','Vintage','Modern','Silent','Rapid','Foldable','Heated'])
               [1 + (h / 11) % 20] AS adj,
           (ARRAY['durable','lightweight','waterproof','ergonomic','energy-efficient','handcrafted','stylish',
                  'versatile'])[1 + (h / 13) % 8] AS adj2,
           (ARRAY['aluminium','recycled plastic','oak','leather','stainless steel','cotton','carbon fibre','glass'])
               [1 + (h / 17) % 8] AS material,
           (ARRAY['black','white','silver','navy','red','forest green','sand','graphite'])[1 + (h / 19) % 8] AS color,
           (ARRAY['everyday use','travel','the office','the outdoors','beginners','professionals','families',
                  'long weekends'])[1 + (h / 23) % 8] AS use,
           c.slug AS cat,
           c.nouns[1 + (h / 29) % 4] AS noun
    FROM (
        SELECT i,
               (i * 2654435761) % 4294967296 AS h,
               chr(65 + (i % 26)::int) || (100 + (i * 7919) % 900)::text AS model,
               round(4.99 + ((i * 40503) % 150000) / 100.0, 2) AS price,
               CASE WHEN i % 10 = 0 THEN 0 ELSE ((i * 31) % 200)::int END AS stock,
               round(1 + ((i * 97) % 41) / 10.0, 1) AS rating,
               timestamptz '2025-01-01 00:00:00+00' + ((i * 7907) % 31536000) * interval '1 second' AS created
        FROM generate_series(:lo::bigint, :hi::bigint) AS i
    ) AS base
    JOIN (VALUES
        (0, 'laptops', ARRAY['Laptop','Notebook','Ultrabook','Chromebook']),
        (1, 'phones', ARRAY['Smartphone','Phone','Phone Case','Charger']),
        (2, 'headphones', ARRAY['Headphones','Earbuds','Headset','Speaker']),
        (3, 'cameras', ARRAY['Camera','Lens','Tripod','Action Cam']),
        (4, 'monitors', ARRAY['Monitor','Display','Monitor Arm','Webcam']),
        (5, 'kitchen', ARRAY['Kettle','Blender','Coffee Grinder','Knife Set']),
        (6, 'furniture', ARRAY['Desk','Chair','Bookshelf','Side Table']),
        (7, 'lighting', ARRAY['Desk Lamp','Floor Lamp','Pendant Light','Lantern']),
        (8, 'running', ARRAY['Running Shoes','Running Jacket','Sports Watch','Hydration Vest']),
        (9, 'cycling', ARRAY['Road Bike','Bike Helmet','Bike Light','Saddle Bag']),
        (10, 'outdoor', ARRAY['Tent','Sleeping Bag','Backpack','Camping Stove']),
        (11, 'shoes', ARRAY['Sneakers','Boots','Sandals','Loafers']),
        (12, 'jackets', ARRAY['Rain Jacket','Down Jacket','Fleece','Windbreaker']),
        (13, 'bags', ARRAY['Backpack','Messenger Bag','Duffel Bag','Tote Bag'])
    ) AS c (n, slug, nouns) ON c.n = (base.h / 3) % 14
) AS generated
ON CONFLICT (sku) DO NOTHING;
EOF_SQL
}

# Above this many new rows, rebuilding the indexes once beats updating them row by row.
BULK_ROWS=50000
INDEX_FILE=${FASTSHOP_HOME:-.}/seed-indexes.sql

# Runs "$@" in the background, at most JOBS at a time; a failed job fails the seed (set -e on wait -n). FINISHED
# counts the jobs that ended so far.
RUNNING=0 FINISHED=0
spawn() {
    if ((RUNNING >= JOBS)); then
        wait -n
        RUNNING=$((RUNNING - 1)) FINISHED=$((FINISHED + 1))
    fi
    "$@" &
    RUNNING=$((RUNNING + 1))
}
wait_all() {
    while ((RUNNING > 0)); do
        wait -n
        RUNNING=$((RUNNING - 1)) FINISHED=$((FINISHED + 1))
    done
}

restore_indexes() {
    [[ -s $INDEX_FILE ]] || return 0
    info "rebuilding the search and keyset indexes ($JOBS at a time)"
    local definition
    while IFS= read -r definition; do
        [[ -n $definition ]] && spawn sql -c "SET maintenance_work_mem = '256MB'" -c "$definition"
    done <"$INDEX_FILE"
    wait_all
    rm -f "$INDEX_FILE"
}

started=$(($(date +%s%N) / 1000000))
info "seeding the catalog in '$PGDATABASE' to $PRODUCTS products"
removed=$(sql -c "WITH gone AS (DELETE FROM products WHERE sku LIKE 'SEED-%' AND sku > 'SEED-' || lpad('$PRODUCTS', 8, '0') RETURNING 1) SELECT count(*) FROM gone")
((removed == 0)) || info "removed $removed seeded products above $PRODUCTS"
present=$(sql -c "SELECT count(*) FROM products WHERE sku LIKE 'SEED-%'")

# A previous run that died mid-way left its saved definitions: put those indexes back first.
restore_indexes
if ((PRODUCTS - present > BULK_ROWS)); then
    trap restore_indexes EXIT
    sql -c "SELECT indexdef || ';' FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'products'
            AND indexname NOT IN ('products_pkey', 'products_sku_key')" >"$INDEX_FILE"
    sql -c "SELECT 'DROP INDEX ' || string_agg(quote_ident(indexname), ', ') FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = 'products'
            AND indexname NOT IN ('products_pkey', 'products_sku_key') HAVING count(*) > 0" | sql
fi

# Seeded rows are numbered 1..N: when the present ones are exactly 1..present, only the rest is generated.
first=1
if ((present > 0)) && [[ $(sql -c "SELECT max(sku) FROM products WHERE sku LIKE 'SEED-%'") == "SEED-$(printf '%08d' "$present")" ]]; then
    first=$((present + 1))
fi
for ((lo = first; lo <= PRODUCTS; lo += BATCH)); do
    spawn insert_batch "$lo" "$((lo + BATCH - 1 < PRODUCTS ? lo + BATCH - 1 : PRODUCTS))"
    progress "$((first - 1 + FINISHED * BATCH))" "$PRODUCTS" "$started" "$first"
done
wait_all
progress "$PRODUCTS" "$PRODUCTS" "$started" "$first"
printf '\n'
restore_indexes
trap - EXIT
sql -c 'ANALYZE products'
total=$(sql -c "SELECT count(*) FROM products WHERE sku LIKE 'SEED-%'")
elapsed_ms=$(($(date +%s%N) / 1000000 - started))
inserted=$((PRODUCTS > present ? PRODUCTS - present : 0))
info "done: $total seeded products, $inserted new, in $((elapsed_ms / 1000)) s ($((inserted * 1000 / (elapsed_ms + 1))) rows/s with the index rebuild)"
