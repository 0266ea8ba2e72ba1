package dev.fastshop.commons;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import dev.fastshop.commons.rest.MalformedRequestProblems;
import dev.fastshop.commons.rest.RequestTargetCheck;

/**
 * The entry point of every service. Quarkus refuses a request target that is not a valid URI with an empty 400
 * before any handler runs; this turns that check off so that {@link RequestTargetCheck}, the first route of every
 * router, makes it instead and answers problem+json. The property is read once, when Quarkus' HTTP recorder loads,
 * so it is set before Quarkus starts (tests set it in the surefire and failsafe configuration of the root pom).
 * Once Quarkus has started, and so its HTTP servers listen, {@link MalformedRequestProblems} takes over the answers to
 * requests the HTTP decoder refuses.
 */
@QuarkusMain
public class FastshopMain {

    public static final String URI_VALIDATION_OFF = "vertx.disableURIValidation";

    public static void main(String... args) {
        System.setProperty(URI_VALIDATION_OFF, "true");
        Quarkus.run(Started.class, args);
    }

    /** Runs after startup, when every HTTP server listens, until the service is asked to stop. */
    public static class Started implements QuarkusApplication {

        private final MalformedRequestProblems malformedRequests;

        public Started(MalformedRequestProblems malformedRequests) {
            this.malformedRequests = malformedRequests;
        }

        @Override
        public int run(String... args) {
            malformedRequests.install();
            Quarkus.waitForExit();
            return 0;
        }
    }
}
