-- A stock reservation taken at the catalog for an order that has not committed yet. Written before the reservation
-- call and consumed by the statement that places the order (OrderRepository.PLACE), which locks it first. A row left
-- behind means the order never committed: the instance died between the two, or the reservation call timed out, or
-- the order failed and its release did not get through. ReservationSweeper marks such a row abandoned (after which no
-- order can consume it) and gives the stock back.
create table pending_reservations (
    order_id     uuid primary key,
    created_at   timestamptz not null default now(),
    abandoned_at timestamptz
);
create index pending_reservations_age on pending_reservations (created_at);
