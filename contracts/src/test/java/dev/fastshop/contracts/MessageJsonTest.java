package dev.fastshop.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The records must survive the JSON the services exchange, including fields a newer producer adds. */
class MessageJsonTest {

    private static final UUID JOB_ID = UUID.fromString("7d4f1c9e-0f56-4b57-9d8c-2f0e3c1a5b11");
    private static final byte[] PDF_BYTES = {'%', 'P', 'D', 'F', '-', '1', '.', '7'};
    private static final Instant COMPLETED_AT = Instant.parse("2026-11-26T10:15:30Z");

    // Configured like Quarkus' default ObjectMapper, which every consumer uses.
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void attachmentsTravelAsBase64AndRoundTrip() throws Exception {
        JobCompleted sent = new JobCompleted(JobCompleted.SCHEMA_VERSION, JOB_ID, JobType.INVOICE, "order-1",
                List.of(new Attachment("invoice.pdf", "application/pdf", PDF_BYTES, "abc")), COMPLETED_AT);

        String json = mapper.writeValueAsString(sent);
        JobCompleted received = mapper.readValue(json, JobCompleted.class);

        assertEquals(true, json.contains("\"content\":\"JVBERi0xLjc=\""), json);
        assertEquals(JobType.INVOICE, received.type());
        assertEquals(COMPLETED_AT, received.completedAt());
        assertArrayEquals(PDF_BYTES, received.artifacts().get(0).content());
    }

    @Test
    void consumersIgnoreFieldsAddedByANewerSchemaVersion() throws Exception {
        String fromNewerProducer = """
                {"schemaVersion":2,"productId":42,"version":7,"change":"UPSERTED",
                 "changedAt":"2026-11-26T10:15:30Z","changedBy":"admin@example.com"}""";

        ProductChanged event = mapper.readValue(fromNewerProducer, ProductChanged.class);

        assertEquals(2, event.schemaVersion());
        assertEquals(42L, event.productId());
        assertEquals(ProductChanged.Change.UPSERTED, event.change());
    }

    @Test
    void moneyKeepsItsScale() throws Exception {
        InvoiceLine line = new InvoiceLine("SKU-1", "Lamp", 2, new BigDecimal("19.90"), new BigDecimal("39.80"));
        InvoiceLine back = mapper.readValue(mapper.writeValueAsString(line), InvoiceLine.class);
        assertEquals(new BigDecimal("39.80"), back.lineTotal());
    }
}
