package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * Long steady traffic to find leaks, pool exhaustion and slow drifts: storefront visits at {@code -Drate}/s (default
 * 30) plus checkouts at {@code -DcheckoutRate}/s (default 1) for {@code -Dduration} seconds (default 1800).
 */
public class SoakSimulation extends Simulation {

    {
        double rate = LoadConfig.rate(30);
        var duration = LoadConfig.duration(1800);
        Journeys journeys = new Journeys(ProductIds.sample(LoadConfig.number("productSample", 2000)));
        setUp(
                scenario("Soak: browse").exec(journeys.browse()).injectOpen(
                        rampUsersPerSec(1).to(rate).during(LoadConfig.ramp(30)),
                        constantUsersPerSec(rate).during(duration)),
                scenario("Soak: checkout").feed(listFeeder(LoadConfig.customerTokens()).circular())
                        .exec(journeys.checkout())
                        .injectOpen(constantUsersPerSec(LoadConfig.decimal("checkoutRate", 1)).during(duration)))
                .protocols(LoadConfig.httpProtocol())
                .assertions(LoadConfig.sloAssertions());
    }
}
