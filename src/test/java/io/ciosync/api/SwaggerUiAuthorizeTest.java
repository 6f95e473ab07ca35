package io.ciosync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Swagger UI as a user drives it, in headless Chromium: Authorize with a bearer token, then "Try it out" on
 * {@code GET /syncs} answers 200 (without the token it would be 401). Skipped, saying so, without chromium
 * ({@code apt-get install chromium}).
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class SwaggerUiAuthorizeTest {

    private static final String AUTHORIZE_AND_TRY = """
            (async () => {
              const sleep = ms => new Promise(r => setTimeout(r, ms));
              const find = async (what, pick) => {
                for (let i = 0; i < 600; i++) { const e = pick(); if (e) return e; await sleep(100); }
                throw new Error('not found: ' + what);
              };
              const one = sel => find(sel, () => document.querySelector(sel));
              (await one('.auth-wrapper .btn.authorize')).click();
              const input = await one('.modal-ux input');
              Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '%s');
              input.dispatchEvent(new Event('input', {bubbles: true}));
              (await one('.modal-ux .auth-btn-wrapper .btn.authorize')).click();
              (await one('.modal-ux .btn-done')).click();
              const op = await find('GET /syncs', () => [...document.querySelectorAll('.opblock.opblock-get')]
                  .find(e => e.querySelector('.opblock-summary-path')?.getAttribute('data-path') === '/syncs'));
              (op.querySelector('.opblock-summary-control') || op.querySelector('.opblock-summary')).click();
              (await find('Try it out', () => op.querySelector('.try-out__btn'))).click();
              (await find('Execute', () => op.querySelector('.execute'))).click();
              const status = await find('a response', () =>
                  op.querySelector('.live-responses-table .response .response-col_status'));
              return status.textContent.trim();
            })()
            """;

    @TestHTTPResource("/q/swagger-ui/")
    URL swaggerUi;

    @Test
    void authorizeSendsTheBearerTokenWithTryItOut() throws Exception {
        Optional<String> chromium = HeadlessChromium.binary();
        assumeTrue(
                chromium.isPresent(),
                "Swagger UI's Authorize not checked: no chromium on the PATH " + "(apt-get install -y chromium)");
        try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
            browser.open(swaggerUi.toString());

            String status = browser.evaluate(AUTHORIZE_AND_TRY.formatted(Jobs.TOKEN_A), Duration.ofSeconds(90))
                    .asText();

            assertThat(status).isEqualTo("200");
        }
    }
}
