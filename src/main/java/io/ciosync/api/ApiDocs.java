package io.ciosync.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Completes the generated OpenAPI document ({@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}): the accepted
 * request shapes with the original script's config.json/data.json as examples, and the problem responses every
 * endpoint may give. Kept apart from the resources so they stay readable.
 */
public class ApiDocs implements OASFilter {

    static final String ORIGINAL_CONFIG = """
            {"site-id": "your_site_id", "api-key": "your_api_key", "userId": "user_id_field_name",
             "parallelism": 25, "mappings": [{"from": "computed_ltv", "to": "ltv"}, {"from": "name", "to": "name"}]}""";
    static final String ORIGINAL_DATA = """
            [{"user_id_field_name": "123", "name": "John Doe", "revenue": 100},
             {"user_id_field_name": "456", "name": "Jane Smith", "revenue": 150}]""";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.info(OASFactory.createInfo()
                .title("cio-sync")
                .version("1.0")
                .description("Syncs user profiles into Customer.io. Post a job (the original config.json and "
                        + "data.json, unchanged), poll its status and every user's outcome. Every endpoint needs "
                        + "`Authorization: Bearer <token>`; errors are `application/problem+json`."));
        api.getComponents().addSchema("Problem", problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((method, op) -> {
                    addProblem(op, "400", "Invalid request: every problem is listed in `errors`");
                    addProblem(op, "401", "Missing or wrong bearer token");
                    addProblem(op, "503", "The database is not available; try again after `Retry-After` seconds");
                    if (path.contains("{id}")) {
                        addProblem(op, "404", "No such job or schedule for this tenant");
                    }
                    if (method == PathItem.HttpMethod.POST) {
                        addProblem(op, "413", "Body, file, record or user count over its limit");
                        addProblem(op, "415", "Unsupported content type");
                        if (!path.contains("{id}")) { // jobs and schedules that name files
                            addProblem(
                                    op,
                                    "404",
                                    "A `configFile` or `dataFile` not in the tenant's files directory "
                                            + "(another tenant's is not found either: docs/tenancy.md)");
                        }
                    }
                }));
        PathItem syncs = api.getPaths().getPathItem("/syncs");
        if (syncs != null && syncs.getPOST() != null) {
            addProblem(
                    syncs.getPOST(),
                    "507",
                    "No room for this job in the embedded database: `neededBytes`, "
                            + "`freeBytes` and `reserveBytes` say how much (docs/disk-space.md)");
            describeSubmit(syncs.getPOST());
            NoticeDocs.describe(api, syncs.getPOST());
        }
        ApiContract.complete(api);
    }

    private static void describeSubmit(Operation post) {
        post.summary("Submit a sync job")
                .description("Validates the config, stores every user, answers 202 with "
                        + "the job id and `Location`; workers then deliver the users. Three JSON shapes, or multipart parts "
                        + "`config` and `data` (`curl -F config=@config.json -F data=@data.json`). File references resolve "
                        + "under the server's files root.");
        Content content = OASFactory.createContent()
                .addMediaType(
                        "application/json",
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema()
                                        .type(java.util.List.of(Schema.SchemaType.OBJECT))
                                        .description("config or configFile, and data or dataFile"))
                                .addExample(
                                        "original files inline",
                                        example("{\"config\": " + ORIGINAL_CONFIG + ", \"data\": " + ORIGINAL_DATA
                                                + "}"))
                                .addExample(
                                        "config inline, data file",
                                        example("{\"config\": " + ORIGINAL_CONFIG
                                                + ", \"dataFile\": \"team-a/data.json\"}"))
                                .addExample(
                                        "both as files",
                                        example(
                                                "{\"configFile\": \"team-a/config.json\", \"dataFile\": \"team-a/data.json\"}"))
                                .addExample(
                                        "with a completion notice",
                                        example("{\"config\": "
                                                + ORIGINAL_CONFIG.replaceFirst(
                                                        "}$",
                                                        ", \"notify\": {\"url\": \"https://hooks.example.com/cio-sync\"}}")
                                                + ", \"dataFile\": \"team-a/data.json\"}")))
                .addMediaType(
                        "multipart/form-data",
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema()
                                        .type(java.util.List.of(Schema.SchemaType.OBJECT))
                                        .properties(Map.of(
                                                "config",
                                                binary("the original config.json"),
                                                "data",
                                                binary("the original data.json")))));
        RequestBody body = OASFactory.createRequestBody().required(true).content(content);
        post.requestBody(body);
        post.getResponses()
                .addAPIResponse(
                        "202",
                        OASFactory.createAPIResponse()
                                .description("Job accepted")
                                .content(OASFactory.createContent()
                                        .addMediaType(
                                                "application/json",
                                                OASFactory.createMediaType()
                                                        .example(Map.of(
                                                                "id",
                                                                "0b6c1d2e-…",
                                                                "status",
                                                                "queued",
                                                                "total",
                                                                2,
                                                                "links",
                                                                Map.of(
                                                                        "self",
                                                                        "/syncs/0b6c1d2e-…",
                                                                        "users",
                                                                        "/syncs/0b6c1d2e-…/users"))))));
    }

    private static void addProblem(Operation op, String status, String description) {
        if (op.getResponses() != null && !op.getResponses().hasAPIResponse(status)) {
            APIResponse response = OASFactory.createAPIResponse()
                    .description(description)
                    .content(OASFactory.createContent()
                            .addMediaType(
                                    ProblemMapper.PROBLEM_JSON,
                                    OASFactory.createMediaType()
                                            .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
            op.getResponses().addAPIResponse(status, response);
        }
    }

    private static Schema problemSchema() {
        Schema error = OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.OBJECT))
                .properties(Map.of(
                        "field",
                        string("where: `config.parallelism`, `data`, `dataFile`…"),
                        "message",
                        string("what is wrong there")));
        return OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .properties(Map.of(
                        "type",
                        string("about:blank"),
                        "title",
                        string("short summary"),
                        "status",
                        OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)),
                        "detail",
                        string("explanation"),
                        "errors",
                        OASFactory.createSchema()
                                .type(java.util.List.of(Schema.SchemaType.ARRAY))
                                .items(error)));
    }

    static Schema string(String description) {
        return OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.STRING))
                .description(description);
    }

    private static Schema binary(String description) {
        return string(description).format("binary");
    }

    private static org.eclipse.microprofile.openapi.models.examples.Example example(String json) {
        try {
            return OASFactory.createExample().value(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
