package io.ciosync;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/** Makes REST Assured send tenant team-a's bearer token by default in every {@code @QuarkusTest} (see {@link Jobs}). */
public class AuthenticateAsTeamA implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(Jobs.TOKEN_A);
    }
}
