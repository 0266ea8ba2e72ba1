package dev.fastshop.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering every service follows (CONTRIBUTING.md, "Layers"): rest and messaging are adapters over service;
 * services take and return domain types and throw domain exceptions, never HTTP shapes; repositories only store;
 * only config reads configuration. Checked on the compiled classes of the four services and of messaging-commons.
 */
class LayersTest {

    private static final List<String> SERVICES = List.of("catalog", "order", "worker", "gateway");
    private static final String MESSAGING_COMMONS = "messaging-commons";
    /** The outbox store SPI of messaging-commons (the interface and its records), which repositories implement. */
    private static final String OUTBOX_STORE = "dev\\.fastshop\\.messaging\\.outbox\\.OutboxStore(\\$.*)?";
    private static JavaClasses classes;

    @BeforeAll
    static void importTheServices() {
        ClassFileImporter importer = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        List<Path> outputs = new ArrayList<>(
                SERVICES.stream().map(s -> Path.of("..", s + "-service", "target", "classes")).toList());
        outputs.add(Path.of("..", MESSAGING_COMMONS, "target", "classes"));
        for (Path output : outputs) {
            if (!Files.isDirectory(output)) {
                throw new IllegalStateException(output + " is missing: compile the services first");
            }
        }
        classes = importer.importPaths(outputs);
    }

    @Test
    void servicesKnowNoHttpAndNoMessaging() {
        check(noClasses().that().resideInAPackage("dev.fastshop.*.service..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fastshop..rest..", "dev.fastshop..messaging..",
                        "jakarta.ws.rs..", "org.jboss.resteasy..", "io.vertx.ext.web..")
                .because("services take and return domain types and throw DomainException; rest and messaging are "
                        + "adapters over them"));
    }

    @Test
    void domainDependsOnNoLayer() {
        check(noClasses().that().resideInAPackage("dev.fastshop.*.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fastshop.*.rest..", "dev.fastshop.*.service..",
                        "dev.fastshop.*.repository..", "dev.fastshop.*.messaging..", "dev.fastshop.*.client..")
                .because("domain types are what every layer shares"));
    }

    @Test
    void repositoriesOnlyStore() {
        check(noClasses().that().resideInAPackage("dev.fastshop.*.repository..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fastshop..rest..", "dev.fastshop.*.service..",
                        "dev.fastshop.*.messaging..")
                .because("repositories are used by services, never the other way round"));
        check(noClasses().that().resideInAPackage("dev.fastshop.*.repository..")
                .should().dependOnClassesThat(resideInAPackage("dev.fastshop.messaging..")
                        .and(not(nameMatching(OUTBOX_STORE))))
                .because("of messaging-commons a repository only implements the outbox store the relay reads "
                        + "through; publishing is messaging's"));
    }

    @Test
    void adaptersDoNotCallEachOther() {
        check(noClasses().that().resideInAPackage("dev.fastshop.*.rest..")
                .should().dependOnClassesThat().resideInAPackage("dev.fastshop.*.messaging..")
                .because("an endpoint reaches messaging through a service"));
        check(noClasses().that().resideInAPackage("dev.fastshop.*.messaging..")
                .should().dependOnClassesThat().resideInAPackage("dev.fastshop.*.rest..")
                .because("a listener reaches the API's types through a service, never directly"));
    }

    @Test
    void messagingCommonsKnowsNoService() {
        check(noClasses().that().resideInAPackage("dev.fastshop.messaging..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                        .map(s -> "dev.fastshop." + s + "..").toArray(String[]::new))
                .because("messaging-commons is a library the services use, never the other way round"));
    }

    @Test
    void onlyConfigReadsConfiguration() {
        check(noClasses().that().resideOutsideOfPackage("dev.fastshop.*.config..")
                .should().dependOnClassesThat()
                .haveFullyQualifiedName("org.eclipse.microprofile.config.inject.ConfigProperty")
                .because("configuration is read through @ConfigMapping interfaces in config/"));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
