package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * A flash sale: storefront traffic at the expected peak {@code -Drate} (default 20 visits/s) for
 * {@code -DbaselineSeconds} (60), then {@code -DspikeFactor}× (15, within the 12–15× rule) for {@code -DspikeSeconds}
 * (60), then back to the baseline for another {@code -DbaselineSeconds}. The SLO gates apply across the whole run:
 * shedding with fast 503s shows up as failed requests, not as hidden latency.
 */
public class SpikeSimulation extends Simulation {

    {
        double rate = LoadConfig.rate(20);
        double peak = rate * LoadConfig.decimal("spikeFactor", 15);
        Duration baseline = Duration.ofSeconds(LoadConfig.number("baselineSeconds", 60));
        Duration spike = Duration.ofSeconds(LoadConfig.number("spikeSeconds", 60));
        Journeys journeys = new Journeys(ProductIds.sample(LoadConfig.number("productSample", 2000)));
        setUp(scenario("Spike").exec(journeys.browse()).injectOpen(
                rampUsersPerSec(1).to(rate).during(LoadConfig.ramp(10)),
                constantUsersPerSec(rate).during(baseline),
                constantUsersPerSec(peak).during(spike),
                constantUsersPerSec(rate).during(baseline)))
                .protocols(LoadConfig.httpProtocol())
                .assertions(LoadConfig.sloAssertions());
    }
}
