package dev.fastshop.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * Price changes under read load: an admin changes {@code -Drate} prices/s (default 1) while shoppers browse at
 * {@code -DreadRate} visits/s (default 30); a change still invisible to readers after 1 s fails the request
 * "price visible within 1 s", and with it the run's failed-requests gate.
 */
public class AdminSimulation extends Simulation {

    {
        Journeys journeys = new Journeys(ProductIds.sample(LoadConfig.number("productSample", 2000)));
        String adminToken = LoadConfig.adminToken();
        setUp(
                scenario("Admin price changes").exec(journeys.changePriceAndWatch(adminToken))
                        .injectOpen(constantUsersPerSec(LoadConfig.rate(1)).during(LoadConfig.duration(60))),
                scenario("Readers").exec(journeys.browse())
                        .injectOpen(constantUsersPerSec(LoadConfig.decimal("readRate", 30))
                                .during(LoadConfig.duration(60))))
                .protocols(LoadConfig.httpProtocol())
                .assertions(LoadConfig.sloAssertions());
    }
}
