-- Uploaded originals and the thumbnails the worker returns. Images live apart from products so product reads never
-- drag image bytes along.
CREATE TABLE product_images (
    product_id   bigint PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    content_type text        NOT NULL,
    original     bytea       NOT NULL,
    sha256       text        NOT NULL,
    job_id       uuid        NOT NULL,
    thumb_128    bytea,
    thumb_512    bytea,
    thumbs_job   uuid,
    uploaded_at  timestamptz NOT NULL DEFAULT now()
);

-- Jobs accepted but not yet confirmed by RabbitMQ: a scheduler re-publishes them, so an upload is never lost.
CREATE TABLE image_job_outbox (
    job_id       uuid PRIMARY KEY,
    product_id   bigint      NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    attempts     integer     NOT NULL DEFAULT 0
);
