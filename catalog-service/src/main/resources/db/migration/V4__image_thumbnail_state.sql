-- Thumbnails keep the original's format family (PNG stays PNG, the rest becomes JPEG); a failed job leaves a reason.
ALTER TABLE product_images
    ADD COLUMN thumb_content_type text,
    ADD COLUMN failure text;
