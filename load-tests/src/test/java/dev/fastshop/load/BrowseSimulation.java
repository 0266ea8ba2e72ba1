package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * Anonymous storefront traffic: home, category pages, search, product pages (weighted), arriving at {@code -Drate}
 * visits/s (default 50) for {@code -Dduration} seconds (default 60) after a {@code -DrampSeconds} ramp (default 10).
 */
public class BrowseSimulation extends Simulation {

    private static final double RATE = LoadConfig.rate(50);

    {
        Journeys journeys = new Journeys(ProductIds.sample(LoadConfig.number("productSample", 2000)));
        setUp(scenario("Browse").exec(journeys.browse()).injectOpen(
                rampUsersPerSec(1).to(RATE).during(LoadConfig.ramp(10)),
                constantUsersPerSec(RATE).during(LoadConfig.duration(60))))
                .protocols(LoadConfig.httpProtocol())
                .assertions(LoadConfig.sloAssertions());
    }
}
