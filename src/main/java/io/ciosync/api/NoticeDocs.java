package io.ciosync.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.ciosync.notify.JobSummaries;

/** The completion notice in the OpenAPI document. Applied by {@link ApiDocs}. */
final class NoticeDocs {

    private NoticeDocs() {}

    /**
     * {@code "notify": {"url": ...}} in a job config: the {@code Notice} schema (the top level of {@code Job}, as
     * generated, without config and outcomes), the callback it is POSTed with, and the {@code notify} status.
     */
    static void describe(OpenAPI api, Operation post) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Schema job = schemas.get("Job");
        if (job == null || job.getProperties() == null) {
            return;
        }
        Schema notice = OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("A job's summary as `GET /syncs/{id}` shows it, without `config` and `users`");
        job.getProperties().forEach((name, property) -> {
            if (!java.util.Set.of("config", "users", "usersNext", "dryRun", "notify")
                    .contains(name)) {
                notice.addProperty(name, property);
            }
        });
        api.getComponents().addSchema("Notice", notice);
        if (schemas.get("NoticeStatus") != null) {
            schemas.get("NoticeStatus")
                    .description("The completion notice of a job whose config has `notify`: "
                            + "`state` is `pending` (the job runs, or the notice waits for its next attempt), `sent` or "
                            + "`gave_up`; `attempts` POSTs so far, `error` of the last failed one");
        }
        post.addCallback(
                "completionNotice",
                OASFactory.createCallback()
                        .addPathItem(
                                "{$request.body#/config/notify/url}",
                                OASFactory.createPathItem()
                                        .POST(OASFactory.createOperation()
                                                .summary("Completion notice")
                                                .description(
                                                        "Once the job has ended (any final status) its "
                                                                + "summary is POSTed to `notify.url`, at least once: `X-Cio-Sync-Job` names the job "
                                                                + "for deduplication. Any answer but a 2xx (or no answer) is tried again with "
                                                                + "exponential backoff up to `cio-sync.notify.max-attempts` times; redirects are not "
                                                                + "followed. The URL must be under one of the server's `cio-sync.notify.allowed-urls`.")
                                                .addParameter(OASFactory.createParameter()
                                                        .name(JobSummaries.JOB_HEADER)
                                                        .in(
                                                                org.eclipse.microprofile.openapi.models.parameters
                                                                        .Parameter.In.HEADER)
                                                        .required(true)
                                                        .schema(ApiDocs.string("the job's id")))
                                                .requestBody(
                                                        OASFactory.createRequestBody()
                                                                .required(true)
                                                                .content(
                                                                        OASFactory.createContent()
                                                                                .addMediaType(
                                                                                        "application/json",
                                                                                        OASFactory.createMediaType()
                                                                                                .schema(
                                                                                                        OASFactory
                                                                                                                .createSchema()
                                                                                                                .ref(
                                                                                                                        "#/components/schemas/Notice")))))
                                                .responses(OASFactory.createAPIResponses()
                                                        .addAPIResponse(
                                                                "2XX",
                                                                OASFactory.createAPIResponse()
                                                                        .description(
                                                                                "Received; the notice is `sent`"))))));
    }
}
