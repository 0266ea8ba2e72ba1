-- Every order decrements stock. With an index whose predicate reads stock (the two partial "in stock" btrees of V1),
-- no such UPDATE can be HOT: each one wrote a new entry into all eleven indexes of the row, both GINs included, and
-- grew the GIN pending list that every full-text search has to scan. Most products are in stock, so the partial
-- indexes saved almost nothing over the full (price, id) and (created_at, id) btrees with a stock filter.
-- Without them, and with free space left on each page (fillfactor), a reservation rewrites the row in place.
DROP INDEX IF EXISTS products_in_stock_price_id;
DROP INDEX IF EXISTS products_in_stock_created_id;
ALTER TABLE products SET (fillfactor = 85);
