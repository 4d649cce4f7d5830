package io.customerdata.departments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which department this process plays, and how badly it behaves at start-up (the
 * {@code chaos} actuator endpoint changes that at run time).
 *
 * @param name {@code crm}, {@code marketing} or {@code support}
 * @param latency delay added to every API response
 * @param errorRate share of API requests answered with a 503, from 0 to 1
 * @param dialect {@code native} (each department's own API) or {@code saas} (the CRM as
 * Salesforce, marketing as HubSpot, support as Zendesk)
 * @param saas the SaaS dialect's credentials and quota
 */
@ConfigurationProperties("department")
@Validated
public record DepartmentProperties(@NotNull @Pattern(regexp = "crm|marketing|support") String name,
		@DefaultValue("0ms") Duration latency, @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double errorRate,
		@DefaultValue("native") @Pattern(regexp = "native|saas") String dialect, @DefaultValue @Valid Saas saas) {

	/**
	 * What the imitated vendor expects of its API clients. The defaults are DEMO ONLY.
	 *
	 * @param clientId the OAuth client (Salesforce connected app, Zendesk OAuth client)
	 * @param clientSecret its secret
	 * @param apiToken HubSpot's private-app token, Zendesk's API token
	 * @param apiUser Zendesk's API user ({@code {email}/token} in Basic authentication)
	 * @param tokenLifetime how long an OAuth token is accepted
	 * @param requestsPerSecond Salesforce's quota: more requests in one second are
	 * throttled
	 * @param dailyRequests Salesforce's daily API request limit
	 * @param pageSize records per page of searches and queries
	 * @param connectedAppCertificate the PEM certificate (or public key) uploaded to the
	 * connected app for Salesforce's JWT bearer flow; without it, no assertion is
	 * accepted
	 * @param loginUrl the {@code aud} a JWT bearer assertion must name
	 * @param users Salesforce's users, whom a JWT bearer assertion may name, each with
	 * the objects their profile may read
	 * @param hubspot HubSpot's limits
	 * @param zendesk Zendesk's plan and search index
	 */
	public record Saas(@DefaultValue("customer-gateway") String clientId,
			@DefaultValue("demo-only-client-secret") String clientSecret,
			@DefaultValue("demo-only-api-token") String apiToken, @DefaultValue("gateway@example.com") String apiUser,
			@DefaultValue("30m") Duration tokenLifetime, @DefaultValue("50") @Min(1) int requestsPerSecond,
			@DefaultValue("100000") @Min(1) long dailyRequests, @DefaultValue("25") @Min(1) int pageSize,
			@Nullable Path connectedAppCertificate, @DefaultValue("https://login.salesforce.com") String loginUrl,
			@Nullable List<@Valid SaasUser> users, @DefaultValue @Valid HubSpot hubspot,
			@DefaultValue @Valid Zendesk zendesk) {

		public Saas {
			users = (users != null) ? users : List.of();
		}

		@Override
		public String toString() {
			return "Saas[clientId=" + this.clientId + ", apiUser=" + this.apiUser + "]";
		}

	}

	/**
	 * HubSpot's documented limits for a private app.
	 *
	 * @param burstLimit requests in any ten seconds (190 on Professional and Enterprise,
	 * 100 on Free and Starter); every endpoint but search counts
	 * @param searchPerSecond the CRM search endpoints' own limit, per account
	 */
	public record HubSpot(@DefaultValue("190") @Min(1) int burstLimit, @DefaultValue("5") @Min(1) int searchPerSecond) {
	}

	/**
	 * Zendesk's account.
	 *
	 * @param plan the plan, whose documented limit applies: {@code team} 200 requests a
	 * minute, {@code growth} and {@code professional} 400, {@code enterprise} 700,
	 * {@code enterprise-plus} (or the High Volume API add-on) 2,500
	 * @param indexingDelay how long after its creation a user is found by search (Zendesk
	 * indexes new records within a few minutes); read by id at once
	 * @param requestsPerMinute instead of the plan's limit: a load test's lifted one
	 */
	public record Zendesk(
			@DefaultValue("professional") @Pattern(
					regexp = "team|growth|professional|enterprise|enterprise-plus") String plan,
			@DefaultValue("5s") Duration indexingDelay, @Nullable @Min(1) Integer requestsPerMinute) {

		/** The requests a minute the account allows. */
		public int limit() {
			if (this.requestsPerMinute != null) {
				return this.requestsPerMinute;
			}
			return switch (this.plan) {
				case "team" -> 200;
				case "growth", "professional" -> 400;
				case "enterprise" -> 700;
				default -> 2500;
			};
		}

	}

	/**
	 * One user of the imitated SaaS.
	 *
	 * @param username the user name an assertion's {@code sub} names
	 * @param objects the objects their profile may read ({@code Account}, …); any other
	 * is, to them, not there
	 */
	public record SaasUser(@NotBlank String username, @Nullable List<String> objects) {

		public SaasUser {
			objects = (objects != null) ? objects : List.of();
		}

	}

}
