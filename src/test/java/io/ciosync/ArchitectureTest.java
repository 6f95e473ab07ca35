package io.ciosync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The packages depend one way, along the way data travels: api/cli → ingest → mapping → store ← delivery →
 * customerio, with notify and schedule at the edges. The root package holds the few types every layer shares
 * (configuration, the request-problem exception, safe log text, the clock) and depends on no layer. Only the
 * storage layer speaks SQL.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ciosync");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.ciosync.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void sharedTypesDependOnNoLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.ciosync")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.ciosync.*..")
                .check(MAIN);
    }

    @Test
    void layersDependOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("api")
                .definedBy("io.ciosync.api..")
                .layer("cli")
                .definedBy("io.ciosync.cli..")
                .layer("schedule")
                .definedBy("io.ciosync.schedule..")
                .layer("ingest")
                .definedBy("io.ciosync.ingest..")
                .layer("mapping")
                .definedBy("io.ciosync.mapping..")
                .layer("notify")
                .definedBy("io.ciosync.notify..")
                .layer("delivery")
                .definedBy("io.ciosync.delivery..")
                .layer("customerio")
                .definedBy("io.ciosync.customerio..")
                .layer("secrets")
                .definedBy("io.ciosync.secrets..")
                .layer("store")
                .definedBy("io.ciosync.store..")
                .whereLayer("api")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("schedule")
                .mayOnlyBeAccessedByLayers("api")
                .whereLayer("ingest")
                .mayOnlyBeAccessedByLayers("api", "cli", "schedule")
                // a queued job reaches delivery as a CDI event (store.JobQueued); api cancels a job, and the workers
                // of this replica drop it at once
                .whereLayer("delivery")
                .mayOnlyBeAccessedByLayers("api")
                .whereLayer("customerio")
                .mayOnlyBeAccessedByLayers("delivery")
                // notify implements mapping's NoticeUrlCheck; api and cli show a job's notice
                .whereLayer("notify")
                .mayOnlyBeAccessedByLayers("api", "cli")
                .whereLayer("secrets")
                .mayOnlyBeAccessedByLayers("api", "schedule", "ingest", "delivery")
                .whereLayer("mapping")
                .mayOnlyBeAccessedByLayers("api", "cli", "schedule", "ingest", "notify", "delivery")
                // at the bottom: every layer but customerio stores or reads jobs
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers(
                        "api", "cli", "schedule", "ingest", "mapping", "notify", "secrets", "delivery")
                .check(MAIN);
    }

    /**
     * The storage layer owns all SQL: no class outside {@code store} uses JDBC ({@code java.sql}, {@code javax.sql})
     * or its JDBC helper {@code store.Sql}; the Flyway migrations written in Java ({@code db.migration}) are JDBC by
     * nature.
     */
    @Test
    void onlyTheStoreUsesJdbc() {
        JavaClasses mainAndMigrations = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ciosync", "db.migration");
        noClasses()
                .that()
                .resideOutsideOfPackages("io.ciosync.store..", "db.migration..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.ciosync.store.Sql")
                .check(mainAndMigrations);
    }

    /** A class small enough to read at once. */
    @Test
    void noClassIsLongerThan250Lines() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> tooLong = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> lines(p) > 250)
                    .map(p -> p + ": " + lines(p) + " lines")
                    .toList();
            assertThat(tooLong).isEmpty();
        }
    }

    /** An HTTP resource maps HTTP onto a few services (as super-heroes' rest-fights does), not onto everything. */
    @Test
    void apiBeansTakeAtMostSixDependencies() {
        constructors()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.ciosync.api..")
                .and()
                .areDeclaredInClassesThat()
                .areNotRecords()
                .should(new ArchCondition<JavaConstructor>("take at most 6 parameters") {
                    @Override
                    public void check(JavaConstructor c, ConditionEvents events) {
                        int n = c.getRawParameterTypes().size();
                        events.add(new SimpleConditionEvent(c, n <= 6, c.getFullName() + " takes " + n));
                    }
                })
                .check(MAIN);
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
