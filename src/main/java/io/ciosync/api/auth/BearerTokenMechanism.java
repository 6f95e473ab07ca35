package io.ciosync.api.auth;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.api.ProblemMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Authorization: Bearer <token>} on the API port. A request without it is anonymous (and refused on
 * {@code /syncs} by the {@code authenticated} policy); a token that is not one of {@link ApiTokens} fails. Either
 * way the answer is a 401 {@code application/problem+json} with {@code WWW-Authenticate: Bearer}.
 */
@ApplicationScoped
class BearerTokenMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final String REALM = SCHEME + " realm=\"cio-sync\"";

    private final ObjectMapper json;

    BearerTokenMechanism(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = bearerToken(context);
        if (token == null) {
            return Uni.createFrom().nullItem(); // anonymous: the path's policy decides
        }
        if (token.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, SCHEME));
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        boolean presented = bearerToken(context) != null;
        String detail =
                presented ? "the bearer token is not valid" : "send the API token as \"Authorization: Bearer <token>\"";
        context.response()
                .setStatusCode(401)
                .putHeader(WWW_AUTHENTICATE, presented ? REALM + ", error=\"invalid_token\"" : REALM)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String problem = new ProblemMapper.Problem("Unauthorized", 401, detail, List.of()).toJson(json);
        return Uni.createFrom()
                .completionStage(context.response().end(problem).toCompletionStage())
                .replaceWith(true);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, REALM));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }

    /** The token of an {@code Authorization: Bearer} header; null without one (other schemes included). */
    private static String bearerToken(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || (header.length() > SCHEME.length() && header.charAt(SCHEME.length()) != ' ')) {
            return null;
        }
        return header.substring(SCHEME.length()).trim();
    }
}
