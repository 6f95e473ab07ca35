package io.ciosync.api;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Makes the generated OpenAPI document say what the API does, so a client generated from it works and every test's
 * traffic can be checked against it: the bearer scheme (Swagger UI's Authorize), fields that may be {@code null}
 * declared nullable, every status an operation answers with its body, and JSON objects shown as objects rather than
 * as Jackson's {@code JsonNode} bean. Applied by {@link ApiDocs}.
 */
final class ApiContract {

    static final String BEARER = "bearerAuth";
    private static final String JSON = "application/json";
    /** Fields written as {@code null} (not left out) when they have no value, by schema. */
    private static final Map<String, List<String>> NULLABLE = Map.of(
            "Job", List.of("startedAt", "finishedAt", "error", "usersNext"),
            "JobSummary", List.of("startedAt", "finishedAt", "error"),
            "Notice", List.of("startedAt", "finishedAt", "error"),
            "UserOutcome", List.of("userId", "httpStatus", "error"), // a user skipped for having no id has none
            "JobPage", List.of("next"),
            "OutcomePage", List.of("next"));

    private ApiContract() {}

    static void complete(OpenAPI api) {
        api.getComponents()
                .addSecurityScheme(
                        BEARER,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description(
                                        "An API token of the server's "
                                                + "`cio-sync.api-tokens` (or the one generated at start in `./data/api-token`)"));
        api.getComponents()
                .addSchema(
                        "JsonNode",
                        OASFactory.createSchema()
                                .type(List.of(Schema.SchemaType.OBJECT))
                                .description("a JSON object"));
        api.getComponents().removeSchema("JsonNodeType");
        api.getComponents()
                .addSchema(
                        "OutcomePage",
                        OASFactory.createSchema()
                                .type(List.of(Schema.SchemaType.OBJECT))
                                .description(
                                        "A page of outcomes; `next` is the cursor for `after`, null on the last page")
                                .addProperty(
                                        "items",
                                        OASFactory.createSchema()
                                                .type(List.of(Schema.SchemaType.ARRAY))
                                                .items(ref("UserOutcome")))
                                .addProperty("next", string()));
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        NULLABLE.forEach((name, fields) -> nullable(schemas.get(name), fields));
        api.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((method, op) -> {
                    op.setSecurity(
                            List.of(OASFactory.createSecurityRequirement().addScheme(BEARER)));
                    problem(op, "401", "Missing or wrong bearer token (with `WWW-Authenticate: Bearer`)");
                    problem(op, "403", "Not allowed");
                }));
        describeSyncs(api);
        describeSchedules(api);
    }

    private static void describeSyncs(OpenAPI api) {
        Operation submit = operation(api, "/syncs", PathItem.HttpMethod.POST);
        submit.getResponses().removeAPIResponse("200");
        accepted(submit.getResponses().getAPIResponse("202"))
                .addHeader(
                        IdempotentSubmit.REPLAYED,
                        header("`true` when an earlier request with this "
                                + "`Idempotency-Key` and body created the job; nothing new was created"));
        problem(submit, "422", "The `Idempotency-Key` was used with another body");

        Operation cancel = operation(api, "/syncs/{id}/cancel", PathItem.HttpMethod.POST);
        cancel.getResponses().getAPIResponse("200").description("Cancelled: the job as `GET /syncs/{id}` shows it");
        problem(cancel, "409", "The job has already ended");

        Operation retry = operation(api, "/syncs/{id}/retry", PathItem.HttpMethod.POST);
        retry.getResponses().removeAPIResponse("200");
        retry.getResponses()
                .addAPIResponse(
                        "202",
                        accepted(OASFactory.createAPIResponse()
                                .description("Retry job accepted, over the original's failed users")));
        problem(retry, "409", "The job is still running, or has no failed users");

        Operation users = operation(api, "/syncs/{id}/users", PathItem.HttpMethod.GET);
        users.getResponses()
                .getAPIResponse("200")
                .description("A page of outcomes (JSON), or every outcome "
                        + "streamed as CSV with a header row or as NDJSON")
                .content(OASFactory.createContent()
                        .addMediaType(JSON, OASFactory.createMediaType().schema(ref("OutcomePage")))
                        .addMediaType(
                                OutcomeExport.CSV, OASFactory.createMediaType().schema(string()))
                        .addMediaType(
                                OutcomeExport.NDJSON,
                                OASFactory.createMediaType().schema(string())));
    }

    private static void describeSchedules(OpenAPI api) {
        Operation create = operation(api, "/schedules", PathItem.HttpMethod.POST);
        APIResponse ok = create.getResponses().getAPIResponse("200");
        create.getResponses().removeAPIResponse("200");
        create.getResponses()
                .addAPIResponse(
                        "201", ok.description("Schedule created").addHeader("Location", header("the schedule's URL")));
        create.getRequestBody()
                .content(
                        OASFactory.createContent()
                                .addMediaType(
                                        JSON,
                                        OASFactory.createMediaType()
                                                .schema(
                                                        OASFactory.createSchema()
                                                                .type(List.of(Schema.SchemaType.OBJECT))
                                                                .description(
                                                                        "`cron`, "
                                                                                + "`timeZone`, `skipUnchanged`, `config` or `configFile`, and `dataFile`"))));
    }

    /** A 202 whose body is {@code Accepted}, with the job's {@code Location}. */
    private static APIResponse accepted(APIResponse response) {
        if (response.getContent() == null || response.getContent().getMediaType(JSON) == null) {
            response.content(OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType()));
        }
        response.getContent().getMediaType(JSON).schema(ref("Accepted"));
        return response.addHeader("Location", header("the job's URL"));
    }

    private static void nullable(Schema schema, List<String> fields) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        for (String field : fields) {
            Schema property = schema.getProperties().get(field);
            if (property == null) {
                continue;
            }
            if (property.getRef() != null) {
                schema.addProperty(
                        field,
                        OASFactory.createSchema()
                                .anyOf(List.of(
                                        property, OASFactory.createSchema().type(List.of(Schema.SchemaType.NULL)))));
            } else if (property.getType() != null && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
        }
    }

    private static void problem(Operation op, String status, String description) {
        APIResponse response = op.getResponses().getAPIResponse(status);
        Content content = OASFactory.createContent()
                .addMediaType(
                        ProblemMapper.PROBLEM_JSON, OASFactory.createMediaType().schema(ref("Problem")));
        if (response == null) {
            op.getResponses()
                    .addAPIResponse(
                            status,
                            OASFactory.createAPIResponse()
                                    .description(description)
                                    .content(content));
        } else if (response.getContent() == null) {
            response.description(description).content(content);
        }
    }

    private static Operation operation(OpenAPI api, String path, PathItem.HttpMethod method) {
        return api.getPaths().getPathItem(path).getOperations().get(method);
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description).schema(string());
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }

    private static Schema string() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
    }
}
