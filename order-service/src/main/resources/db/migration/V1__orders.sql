-- Orders with their lines as price/name snapshots taken at checkout.
create table orders (
    id               uuid primary key,
    customer_id      text           not null,
    status           text           not null check (status in ('PLACED', 'CANCELLED', 'SHIPPED')),
    email            text           not null,
    shipping_address jsonb          not null,
    subtotal         numeric(14, 2) not null,
    tax              numeric(14, 2) not null,
    total            numeric(14, 2) not null,
    currency         char(3)        not null,
    created_at       timestamptz    not null,
    updated_at       timestamptz    not null,
    version          integer        not null default 0
);
-- Keyset pages: a customer's orders newest first, and the admin view of all orders.
create index orders_customer_page on orders (customer_id, created_at desc, id desc);
create index orders_page on orders (created_at desc, id desc);

create table order_items (
    order_id   uuid           not null references orders (id) on delete cascade,
    line_no    smallint       not null,
    product_id bigint         not null,
    sku        text           not null,
    name       text           not null,
    unit_price numeric(14, 2) not null,
    quantity   integer        not null check (quantity between 1 and 99),
    primary key (order_id, line_no)
);

-- One row per background job of an order; results are applied once, keyed by job id.
create table order_jobs (
    job_id     uuid primary key,
    order_id   uuid        not null references orders (id) on delete cascade,
    type       text        not null check (type in ('INVOICE', 'EMAIL')),
    status     text        not null check (status in ('PENDING', 'READY', 'SENT', 'FAILED')),
    reason     text,
    updated_at timestamptz not null,
    unique (order_id, type)
);

-- Documents produced for an order (the invoice PDF rendered by the worker).
create table order_documents (
    order_id     uuid        not null references orders (id) on delete cascade,
    kind         text        not null,
    content      bytea       not null,
    content_type text        not null,
    size         integer     not null,
    sha256       text        not null,
    created_at   timestamptz not null,
    primary key (order_id, kind)
);

-- Idempotency-Key replay store, scoped per customer; the response is kept byte for byte.
create table idempotency_keys (
    customer_id  text        not null,
    key          text        not null,
    request_hash text        not null,
    status_code  integer     not null,
    location     text,
    response     text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    primary key (customer_id, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);

-- Transactional outbox: written in the business transaction, relayed to RabbitMQ with publisher confirms.
create table outbox (
    id              bigint generated always as identity primary key,
    aggregate       text        not null,
    aggregate_id    uuid        not null,
    type            text        not null,
    exchange        text        not null,
    routing         text        not null,
    payload         jsonb       not null,
    created         timestamptz not null default now(),
    published_at    timestamptz,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text
);
-- The relay only ever looks at unpublished rows; the partial index stays small however long the history grows.
create index outbox_unpublished on outbox (next_attempt_at, id) where published_at is null;
