package io.customerdata.departments.crm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.customerdata.departments.saas.IssuedTokens;
import io.customerdata.departments.saas.Quota;
import io.customerdata.departments.DepartmentProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The CRM as Salesforce's REST API: an OAuth token endpoint (client credentials for the
 * integration user, or a JWT bearer assertion for one user, see {@link JwtBearerGrant})
 * whose answer names the {@code instance_url} and no {@code expires_in}; a user's object
 * permissions ({@link ObjectPermissions}); SOQL queries (the subset {@link Soql} reads)
 * checked against the org's fields ({@link SalesforceOrg}) and answered in batches, child
 * rows too, linked by {@code nextRecordsUrl} ({@link QueryPages}); an Account sObject by
 * id; error arrays ({@link SalesforceError}); {@code Sforce-Limit-Info} on every answer,
 * and {@code REQUEST_LIMIT_EXCEEDED} once the daily limit is spent.
 */
@RestController
@ConditionalOnProperty(name = "department.name", havingValue = "crm")
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
class SalesforceController {

	private final CrmAccounts accounts;

	private final IssuedTokens tokens;

	private final Quota quota;

	private final JwtBearerGrant jwtBearer;

	private final ObjectPermissions permissions;

	private final int pageSize;

	private final SalesforceOrg org;

	private final QueryPages pages;

	SalesforceController(CrmAccounts accounts, IssuedTokens tokens, Quota quota, JwtBearerGrant jwtBearer,
			ObjectPermissions permissions, DepartmentProperties department, SalesforceOrg org) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.quota = quota;
		this.jwtBearer = jwtBearer;
		this.permissions = permissions;
		this.pageSize = department.saas().pageSize();
		this.org = org;
		this.pages = new QueryPages(org.childPageSize());
	}

	@PostMapping(path = "/services/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<ResponseEntity<?>> token(ServerWebExchange exchange, UriComponentsBuilder uri) {
		return exchange.getFormData().map((form) -> token(form, uri));
	}

	private ResponseEntity<?> token(MultiValueMap<String, String> form, UriComponentsBuilder uri) {
		if (JwtBearerGrant.GRANT_TYPE.equals(form.getFirst("grant_type"))) {
			return this.jwtBearer.exchange(form.getFirst("assertion"),
					uri.replacePath("").replaceQuery(null).toUriString());
		}
		String token = "client_credentials".equals(form.getFirst("grant_type"))
				? this.tokens.issue(form.getFirst("client_id"), form.getFirst("client_secret")) : null;
		if (token == null) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_client", "error_description", "invalid client credentials"));
		}
		String instance = uri.replacePath("").replaceQuery(null).toUriString();
		return ResponseEntity.ok(Map.of("access_token", token, "instance_url", instance, "id",
				instance + "/id/00DQ000000000001AAA/005Q00000000001AAA", "token_type", "Bearer", "issued_at",
				String.valueOf(System.currentTimeMillis()), "signature", "imitation"));
	}

	@GetMapping(SalesforceRecords.API + "/query")
	ResponseEntity<?> query(@RequestParam String q,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		return answer(authorization, (session) -> this.permissions.query(session, q).orElseGet(() -> batch(q, 0)));
	}

	@GetMapping(SalesforceRecords.API + "/query/{locator}")
	ResponseEntity<?> more(@PathVariable String locator,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		return answer(authorization, (session) -> {
			QueryPages.Locator next = QueryPages.Locator.parse(locator);
			return this.permissions.query(session, next.query())
				.orElseGet(() -> (next.parentId() != null) ? childRows(next) : batch(next.query(), next.offset()));
		});
	}

	/** SOSL: the Accounts whose own text fields hold the term's words. */
	@GetMapping(SalesforceRecords.API + "/search")
	ResponseEntity<?> search(@RequestParam String q,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		return answer(authorization, (session) -> this.permissions.read(session, "Account").orElseGet(() -> {
			Sosl sosl = Sosl.parse(q);
			sosl.select().check(SalesforceRecords.shape(this.org));
			return ResponseEntity.ok(Map.of("searchRecords",
					this.accounts.search("")
						.stream()
						.filter(sosl::matches)
						.limit(sosl.limit())
						.map((account) -> sosl.select().project(SalesforceRecords.account(account, this.org)))
						.toList()));
		}));
	}

	@GetMapping(SalesforceRecords.API + "/sobjects/Account/{id}")
	ResponseEntity<?> account(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		return answer(authorization, (session) -> this.permissions.read(session, "Account")
			.orElseGet(() -> SalesforceRecords.accountNumber(checkedId(id))
				.flatMap(this.accounts::find)
				.<ResponseEntity<?>>map((account) -> ResponseEntity.ok(SalesforceRecords.account(account, this.org)))
				.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
					.body(SalesforceRecords.error("NOT_FOUND", "The requested resource does not exist")))));
	}

	private static String checkedId(String id) {
		if (!Soql.ID.matcher(id).matches()) {
			throw SalesforceError.malformedId("Account", id);
		}
		return id;
	}

	/**
	 * The whole query is checked before any record is read: its select list and filters
	 * against the org's fields, its Ids for their form.
	 */
	private ResponseEntity<?> batch(String query, int offset) {
		Soql soql = Soql.parse(query);
		SoqlSelectList select = SoqlSelectList.parse(query);
		select.check(SalesforceRecords.shape(this.org));
		SalesforceRecords.checkFilterFields(soql);
		List<CrmAccount> matches = this.accounts.search("")
			.stream()
			.filter((account) -> soql.conditions().isEmpty()
					|| soql.conditions().stream().anyMatch((c) -> SalesforceRecords.matches(account, c)))
			.limit(soql.limit())
			.toList();
		int end = Math.min(matches.size(), offset + this.pageSize);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("totalSize", matches.size());
		body.put("done", end >= matches.size());
		if (end < matches.size()) {
			body.put("nextRecordsUrl", QueryPages.nextRecordsUrl(query, end));
		}
		body.put("records",
				matches.subList(Math.min(offset, end), end)
					.stream()
					.map((account) -> this.pages.withFirstChildPages(
							select.project(SalesforceRecords.account(account, this.org)),
							SalesforceRecords.id("001", account.accountId()), query))
					.toList());
		return ResponseEntity.ok(body);
	}

	/** A further page of one parent's child rows, as its query selects them. */
	private ResponseEntity<?> childRows(QueryPages.Locator next) {
		SoqlSelectList select = SoqlSelectList.parse(next.query());
		Object relationship = SalesforceRecords.accountNumber(checkedId(next.parentId()))
			.flatMap(this.accounts::find)
			.map((account) -> select.project(SalesforceRecords.account(account, this.org)).get(next.relationship()))
			.orElse(null);
		if (!(relationship instanceof Map<?, ?> children && children.get("records") instanceof List<?> rows)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(SalesforceRecords.error("INVALID_QUERY_LOCATOR", "invalid query locator"));
		}
		return ResponseEntity
			.ok(this.pages.childPage(rows, next.offset(), next.parentId(), next.relationship(), next.query()));
	}

	/**
	 * Authentication and the daily limit first, as Salesforce checks them; then the
	 * answer, as the token's user.
	 */
	private ResponseEntity<?> answer(@Nullable String authorization,
			Function<IssuedTokens.Session, ResponseEntity<?>> answer) {
		IssuedTokens.Session session = this.tokens.session(authorization);
		if (session == null) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(SalesforceRecords.error("INVALID_SESSION_ID", "Session expired or invalid"));
		}
		Quota.Use use = this.quota.take();
		String usage = "api-usage=" + use.usedToday() + "/" + use.dailyLimit();
		if (!use.allowed()) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN)
				.header("Sforce-Limit-Info", usage)
				.body(SalesforceRecords.error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
		}
		try {
			ResponseEntity<?> response = answer.apply(session);
			return ResponseEntity.status(response.getStatusCode())
				.header("Sforce-Limit-Info", usage)
				.body(response.getBody());
		}
		catch (SalesforceError ex) {
			return ResponseEntity.badRequest()
				.header("Sforce-Limit-Info", usage)
				.body(SalesforceRecords.error(ex.errorCode(), ex.getMessage()));
		}
		catch (IllegalArgumentException | StringIndexOutOfBoundsException ex) {
			return ResponseEntity.badRequest()
				.header("Sforce-Limit-Info", usage)
				.body(SalesforceRecords.error("MALFORMED_QUERY", ex.getMessage()));
		}
	}

}
