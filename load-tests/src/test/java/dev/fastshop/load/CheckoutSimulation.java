package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;

import io.gatling.javaapi.core.Simulation;

/**
 * Buyers: search, order with an idempotency key, wait for the invoice, download it — {@code -Drate} orders/s
 * (default 5) for {@code -Dduration} seconds (default 60). Customer tokens come from {@code -DtokensFile}
 * ({@code ./fastshop load} mints them). The report's group "order placed → invoice ready" shows the time a buyer
 * waits for the invoice (p50/p99).
 */
public class CheckoutSimulation extends Simulation {

    private static final double RATE = LoadConfig.rate(5);

    {
        Journeys journeys = new Journeys(List.of());
        setUp(scenario("Checkout").feed(listFeeder(LoadConfig.customerTokens()).circular()).exec(journeys.checkout())
                .injectOpen(
                        rampUsersPerSec(1).to(RATE).during(LoadConfig.ramp(10)),
                        constantUsersPerSec(RATE).during(LoadConfig.duration(60))))
                .protocols(LoadConfig.httpProtocol())
                .assertions(LoadConfig.sloAssertions());
    }
}
