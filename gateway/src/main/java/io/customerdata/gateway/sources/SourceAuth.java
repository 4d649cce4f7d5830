package io.customerdata.gateway.sources;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credentials presented to the source; secrets only by reference ({@code env:NAME},
 * {@code file:/path}).
 *
 * @param type {@code none}, {@code bearer}, {@code basic},
 * {@code oauth2-client-credentials}, {@code token-exchange} (RFC 8693: the caller's token
 * exchanged for one whose audience is the department) or {@code jwt-bearer} (RFC 7523: an
 * assertion for the caller's own user in the department application, signed by the
 * gateway, exchanged for a token per caller)
 * @param token bearer: reference to the token
 * @param username basic: the user (Zendesk's {@code {email}/token})
 * @param password basic: reference to the password or API token
 * @param tokenUri OAuth2: the token endpoint
 * @param clientId OAuth2: the client; JWT bearer: the assertion's issuer (Salesforce's
 * connected app consumer key)
 * @param clientSecret OAuth2: reference to the client's secret (JWT bearer needs none)
 * @param scopes OAuth2: scopes asked for
 * @param parameters OAuth2: further token request parameters
 * @param tokenRequest OAuth2: {@code form} (RFC 6749) or {@code json} body
 * @param clientAuthentication OAuth2: {@code post} (client id and secret in the body) or
 * {@code basic} (HTTP Basic)
 * @param defaultLifetime OAuth2: a token's lifetime when the answer has no
 * {@code expires_in} (Salesforce sends none)
 * @param refreshBefore OAuth2: a token is renewed this long before it expires
 * @param baseUrlFrom OAuth2: a token answer field holding the base URL to call
 * (Salesforce's {@code instance_url})
 * @param audience token exchange: the audience asked for
 * @param privateKey JWT bearer: reference to the PEM private key (PKCS#8 or PKCS#1, RSA)
 * that signs the assertions; the department holds its certificate
 * @param subjectClaim JWT bearer: the claim of the caller's token that holds their user
 * name in the department application; a caller without it is refused
 * @param assertionAudience JWT bearer: the assertion's {@code aud} (Salesforce's login
 * URL, {@code https://login.salesforce.com})
 * @param assertionLifetime JWT bearer: how long an assertion is valid (its {@code exp});
 * Salesforce accepts at most three minutes, and two leave room for the clocks' skew
 */
public record SourceAuth(@DefaultValue("none") AuthType type, @Nullable String token, @Nullable String username,
		@Nullable String password, @Nullable URI tokenUri, @Nullable String clientId, @Nullable String clientSecret,
		@Nullable List<String> scopes, @Nullable Map<String, String> parameters,
		@DefaultValue("form") TokenRequestFormat tokenRequest,
		@DefaultValue("post") ClientAuthentication clientAuthentication, @DefaultValue("1h") Duration defaultLifetime,
		@DefaultValue("1m") Duration refreshBefore, @Nullable String baseUrlFrom, @Nullable String audience,
		@Nullable String privateKey, @Nullable String subjectClaim, @Nullable String assertionAudience,
		@DefaultValue("2m") Duration assertionLifetime) {

	public SourceAuth {
		scopes = (scopes != null) ? scopes : List.of();
		parameters = (parameters != null) ? parameters : Map.of();
	}

	public static final SourceAuth NONE = new SourceAuth(AuthType.NONE, null, null, null, null, null, null, null, null,
			TokenRequestFormat.FORM, ClientAuthentication.POST, Duration.ofHours(1), Duration.ofMinutes(1), null, null,
			null, null, null, Duration.ofMinutes(2));

	public enum AuthType {

		NONE, BEARER, BASIC, OAUTH2_CLIENT_CREDENTIALS, TOKEN_EXCHANGE, JWT_BEARER

	}

	public enum TokenRequestFormat {

		FORM, JSON

	}

	public enum ClientAuthentication {

		POST, BASIC

	}

}
