package dev.fastshop.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import dev.fastshop.contracts.Address;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.InvoiceLine;

/**
 * Renders an invoice as an A4 PDF with the Standard 14 Helvetica fonts (nothing to embed, nothing to load). The
 * output is deterministic: dates and the document id derive from the job, so the same job yields the same bytes.
 */
public class InvoicePdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final float MARGIN = 50;
    private static final float LEADING = 14;
    private static final float FONT_SIZE = 10;
    private static final float TITLE_SIZE = 20;
    // Column x positions of the line table: SKU, item, quantity (right edge), unit price (right edge), amount.
    private static final float COL_SKU = MARGIN;
    private static final float COL_ITEM = 140;
    private static final float COL_QTY_RIGHT = 370;
    private static final float COL_UNIT_RIGHT = 460;
    private static final float COL_AMOUNT_RIGHT = 545;
    private static final int MAX_ITEM_CHARS = 38;

    /** Who issues the invoice, printed in its header. */
    public record Seller(String name, String address, String vatId) {
    }

    private final Seller seller;

    public InvoicePdf(Seller seller) {
        this.seller = seller;
        // The first Standard 14 font PDFBox creates makes it scan the system fonts (seconds on a cold machine):
        // pay that at startup rather than in the first invoice job.
        new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    }

    public byte[] render(InvoiceJob job) {
        try (PDDocument document = new PDDocument()) {
            new Layout(document, job).write();
            describe(document, job);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the invoice PDF", e);
        }
    }

    private void describe(PDDocument document, InvoiceJob job) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("Invoice " + job.orderId());
        info.setAuthor(seller.name());
        info.setCreator("Fastshop");
        info.setProducer("Fastshop");
        Calendar ordered = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        ordered.setTimeInMillis(job.orderedAt().toEpochMilli());
        info.setCreationDate(ordered);
        info.setModificationDate(ordered);
        // Without an explicit /ID PDFBox derives one from the clock, which would make every rendering different.
        byte[] id = job.jobId().toString().replace("-", "").getBytes(StandardCharsets.US_ASCII);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    /** Writes top to bottom and starts a new page when the current one is full. */
    private final class Layout {

        private final PDDocument document;
        private final InvoiceJob job;
        private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private PDPageContentStream content;
        private float y;

        Layout(PDDocument document, InvoiceJob job) {
            this.document = document;
            this.job = job;
        }

        void write() throws IOException {
            newPage();
            try {
                header();
                parties();
                lines();
                totals();
            } finally {
                content.close();
            }
        }

        private void header() throws IOException {
            text(bold, TITLE_SIZE, MARGIN, "INVOICE");
            y -= TITLE_SIZE + 6;
            text(bold, FONT_SIZE, MARGIN, seller.name());
            next();
            text(regular, FONT_SIZE, MARGIN, seller.address());
            next();
            text(regular, FONT_SIZE, MARGIN, "VAT ID: " + seller.vatId());
            next();
            next();
            text(regular, FONT_SIZE, MARGIN, "Order: " + job.orderId());
            next();
            text(regular, FONT_SIZE, MARGIN, "Invoice date: " + DATE.format(job.orderedAt()));
            next();
            next();
        }

        private void parties() throws IOException {
            text(bold, FONT_SIZE, MARGIN, "Bill to");
            next();
            for (String line : addressLines(job.shippingAddress())) {
                text(regular, FONT_SIZE, MARGIN, line);
                next();
            }
            if (job.customerEmail() != null) {
                text(regular, FONT_SIZE, MARGIN, job.customerEmail());
                next();
            }
            next();
        }

        private void lines() throws IOException {
            tableHeader();
            for (InvoiceLine line : job.lines()) {
                if (y < MARGIN + 4 * LEADING) {
                    content.close();
                    newPage();
                    tableHeader();
                }
                text(regular, FONT_SIZE, COL_SKU, truncate(line.sku(), 16));
                text(regular, FONT_SIZE, COL_ITEM, truncate(line.name(), MAX_ITEM_CHARS));
                right(regular, COL_QTY_RIGHT, Integer.toString(line.quantity()));
                right(regular, COL_UNIT_RIGHT, money(line.unitPrice()));
                right(regular, COL_AMOUNT_RIGHT, money(line.lineTotal()));
                next();
            }
            next();
        }

        private void tableHeader() throws IOException {
            text(bold, FONT_SIZE, COL_SKU, "SKU");
            text(bold, FONT_SIZE, COL_ITEM, "Item");
            right(bold, COL_QTY_RIGHT, "Qty");
            right(bold, COL_UNIT_RIGHT, "Unit price");
            right(bold, COL_AMOUNT_RIGHT, "Amount");
            next();
        }

        private void totals() throws IOException {
            if (y < MARGIN + 4 * LEADING) {
                content.close();
                newPage();
            }
            right(regular, COL_UNIT_RIGHT, "Subtotal");
            right(regular, COL_AMOUNT_RIGHT, money(job.subtotal()) + " " + job.currency());
            next();
            right(regular, COL_UNIT_RIGHT, "Tax " + percent(job.taxRate()));
            right(regular, COL_AMOUNT_RIGHT, money(job.tax()) + " " + job.currency());
            next();
            right(bold, COL_UNIT_RIGHT, "Total");
            right(bold, COL_AMOUNT_RIGHT, money(job.total()) + " " + job.currency());
            next();
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = page.getMediaBox().getHeight() - MARGIN;
        }

        private void next() {
            y -= LEADING;
        }

        private void right(PDType1Font font, float rightEdge, String value) throws IOException {
            String safe = encodable(font, value);
            float width = font.getStringWidth(safe) / 1000 * FONT_SIZE;
            text(font, FONT_SIZE, rightEdge - width, safe);
        }

        private void text(PDType1Font font, float size, float x, String value) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, y);
            content.showText(encodable(font, value));
            content.endText();
        }
    }

    private static List<String> addressLines(Address address) {
        List<String> lines = new ArrayList<>();
        if (address == null) {
            return lines;
        }
        addIfPresent(lines, address.name());
        addIfPresent(lines, address.line1());
        addIfPresent(lines, address.line2());
        addIfPresent(lines, join(address.postalCode(), address.city()));
        addIfPresent(lines, address.country());
        return lines;
    }

    private static void addIfPresent(List<String> lines, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(value.strip());
        }
    }

    private static String join(String first, String second) {
        return ((first == null ? "" : first) + " " + (second == null ? "" : second)).strip();
    }

    public static String money(BigDecimal amount) {
        return amount == null ? "-" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String percent(BigDecimal rate) {
        if (rate == null) {
            return "";
        }
        return "(" + rate.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + " %)";
    }

    private static String truncate(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** Standard 14 fonts cover WinAnsi only: characters outside it (CJK, emoji) are replaced, not a failure. */
    private static String encodable(PDType1Font font, String value) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("[\\p{Cntrl}]", " ");
        try {
            font.encode(clean);
            return clean;
        } catch (IllegalArgumentException | IOException e) {
            StringBuilder out = new StringBuilder(clean.length());
            clean.codePoints().forEach(cp -> out.append(canEncode(font, cp) ? Character.toString(cp) : "?"));
            return out.toString();
        }
    }

    private static boolean canEncode(PDType1Font font, int codePoint) {
        try {
            font.encode(Character.toString(codePoint));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
