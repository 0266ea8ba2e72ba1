package dev.fastshop.worker.service;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.worker.config.WorkerConfig;

import net.coobird.thumbnailator.Thumbnails;

/**
 * Product image thumbnails. The image is decoded and re-encoded, so no metadata (EXIF, ICC comments, GPS) survives;
 * each thumbnail fits a square of the requested size with the aspect ratio kept. PNG stays PNG (transparency),
 * everything else becomes JPEG. Artifacts are named {@code <size>.<ext>}, e.g. {@code 128.jpg}.
 */
@ApplicationScoped
public class ImageService implements JobHandler<ImageJob> {

    static final List<Integer> DEFAULT_SIZES = List.of(128, 512);
    private static final int MIN_SIZE = 16;
    private static final int MAX_SIZE = 2048;
    private static final double JPEG_QUALITY = 0.85;

    private final long maxPixels;

    @Inject
    public ImageService(WorkerConfig config) {
        this(config.imageMaxPixels());
    }

    ImageService(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public List<Attachment> handle(ImageJob job) {
        if (Attachments.isEmpty(job.original())) {
            throw new PermanentJobException("image job carries no image");
        }
        List<Integer> sizes = job.sizes() == null || job.sizes().isEmpty() ? DEFAULT_SIZES : job.sizes();
        for (Integer size : sizes) {
            if (size == null || size < MIN_SIZE || size > MAX_SIZE) {
                throw new PermanentJobException(
                        "thumbnail size " + size + " is outside " + MIN_SIZE + ".." + MAX_SIZE + " px");
            }
        }
        Decoded decoded = decode(job.original().content());
        String extension = "png".equals(decoded.format()) ? "png" : "jpg";
        String contentType = "png".equals(extension) ? "image/png" : "image/jpeg";
        List<Attachment> thumbnails = new ArrayList<>(sizes.size());
        for (int size : sizes) {
            thumbnails.add(Attachments.of(size + "." + extension, contentType,
                    scale(decoded.image(), size, extension)));
        }
        return thumbnails;
    }

    private record Decoded(BufferedImage image, String format) {
    }

    /** Reads the dimensions first, so an oversized image is refused before its pixels are allocated. */
    private Decoded decode(byte[] bytes) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new PermanentJobException("image is corrupt or not in a supported format (JPEG, PNG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new PermanentJobException(
                            "image has " + pixels + " pixels, over the limit of " + maxPixels);
                }
                BufferedImage image = reader.read(0);
                return new Decoded(image, reader.getFormatName().toLowerCase(Locale.ROOT));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PermanentJobException permanent) {
                throw permanent;
            }
            throw new PermanentJobException("image is corrupt: " + e.getMessage(), e);
        }
    }

    private static byte[] scale(BufferedImage image, int size, String extension) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thumbnails.Builder<BufferedImage> builder = Thumbnails.of(image)
                    .size(size, size)
                    .keepAspectRatio(true)
                    .outputFormat(extension);
            if ("jpg".equals(extension)) {
                // JPEG has no alpha channel: flatten onto RGB first, or the encoder writes a broken file.
                builder.imageType(BufferedImage.TYPE_INT_RGB).outputQuality(JPEG_QUALITY);
            }
            builder.toOutputStream(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode thumbnail", e);
        }
    }
}
