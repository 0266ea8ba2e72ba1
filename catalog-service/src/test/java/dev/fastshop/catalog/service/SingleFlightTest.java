package dev.fastshop.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class SingleFlightTest {

    @Test
    void aWaiterThatIsCancelledLeavesTheSharedLookupToTheOthers() {
        SingleFlight<String, String> flights = new SingleFlight<>();
        AtomicInteger lookups = new AtomicInteger();
        Uni<String> slowLookup = Uni.createFrom().item("page").onItem().delayIt().by(Duration.ofMillis(300))
                .invoke(lookups::incrementAndGet);

        Cancellable gone = flights.run("kettle", () -> slowLookup).subscribe().with(ignored -> {
        });
        Uni<String> stays = flights.run("kettle", () -> slowLookup);
        gone.cancel();

        assertEquals("page", stays.await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, lookups.get(), "the two callers shared one lookup");
    }
}
