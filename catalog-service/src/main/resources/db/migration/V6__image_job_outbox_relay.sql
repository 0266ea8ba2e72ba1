-- The image job outbox is relayed by messaging-commons' OutboxRelayEngine, as the order service's outbox is: a failed
-- publish is retried after a backoff (next_attempt_at) and its error kept for diagnosis.
ALTER TABLE image_job_outbox
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_error      text;

CREATE INDEX image_job_outbox_due ON image_job_outbox (next_attempt_at);
