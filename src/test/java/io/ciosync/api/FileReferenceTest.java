package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code configFile}/{@code dataFile} stay inside the files root (target/test-files in tests): no absolute path,
 * no {@code ..}, no link leading out, no device, FIFO or directory — each refused with 400 naming the reference.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class FileReferenceTest extends BadInputCase {

    /** The files of tenant team-a, whom the tests authenticate as. */
    static final Path ROOT = Path.of("target/test-files/team-a");

    @BeforeAll
    static void layOutTheFilesRoot() throws IOException, InterruptedException {
        Path refs = Files.createDirectories(ROOT.resolve("refs"));
        Path outside = Files.createDirectories(Path.of("target/outside-files-root"));
        Files.writeString(outside.resolve("data.json"), Jobs.ORIGINAL_DATA);
        Files.writeString(outside.resolve("config.json"), Jobs.ORIGINAL_CONFIG);
        link(refs.resolve("file-out.json"), outside.resolve("data.json").toAbsolutePath());
        link(refs.resolve("dir-out"), outside.toAbsolutePath());
        link(refs.resolve("device.json"), Path.of("/dev/zero"));
        link(refs.resolve("relative-out.json"), Path.of("../../../outside-files-root/data.json"));
        Path fifo = refs.resolve("fifo.json");
        Files.deleteIfExists(fifo);
        assertThat(new ProcessBuilder("mkfifo", fifo.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        Files.createDirectories(refs.resolve("a-directory.json"));
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }

    static Stream<Arguments> badReferences() {
        return Stream.of(
                Arguments.of("an absolute path", "dataFile", "\"/etc/passwd\"", "not an absolute path"),
                Arguments.of("a traversal", "dataFile", "\"../../pom.xml\"", "'..'"),
                Arguments.of("a traversal after a folder", "dataFile", "\"refs/../../pom.xml\"", "'..'"),
                Arguments.of("a traversal after a dot", "dataFile", "\"./../pom.xml\"", "'..'"),
                Arguments.of("a config file traversal", "configFile", "\"../pom.xml\"", "'..'"),
                Arguments.of(
                        "a link to a file outside", "dataFile", "\"refs/file-out.json\"", "outside the files root"),
                Arguments.of(
                        "a relative link to a file outside",
                        "dataFile",
                        "\"refs/relative-out.json\"",
                        "outside the files root"),
                Arguments.of(
                        "a file under a link to a folder outside",
                        "configFile",
                        "\"refs/dir-out/config.json\"",
                        "outside the files root"),
                Arguments.of("a link to a device", "dataFile", "\"refs/device.json\"", "outside the files root"),
                Arguments.of("a FIFO", "dataFile", "\"refs/fifo.json\"", "not a regular file"),
                Arguments.of("a directory", "dataFile", "\"refs/a-directory.json\"", "not a regular file"),
                Arguments.of("the files root itself", "dataFile", "\".\"", "not a regular file"),
                Arguments.of("a missing file", "dataFile", "\"refs/nope.json\"", "no such file"),
                Arguments.of("a NUL in the path", "dataFile", "\"refs/a\\u0000b.json\"", "not a valid path"),
                Arguments.of("an empty reference", "dataFile", "\"\"", "must name a file"),
                Arguments.of("a reference that is a number", "dataFile", "7", "must be a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReferences")
    void referencesLeavingTheFilesRootOrNotToARegularFileAreRefused(
            String name, String field, String reference, String saying) {
        int status = saying.equals("no such file") ? 404 : 400; // a missing file is not found, as another tenant's
        String other =
                field.equals("dataFile") ? "\"config\": " + Jobs.ORIGINAL_CONFIG : "\"data\": " + Jobs.ORIGINAL_DATA;
        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body("{" + other + ", \"" + field + "\": " + reference + "}")
                        .post("/syncs"),
                status,
                field);

        assertThat(problem.getString("errors[0].message")).contains(saying);
    }
}
