package io.customerdata.departments.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.customerdata.departments.DepartmentProperties;
import io.customerdata.departments.Window;
import io.customerdata.departments.population.Spellings;
import io.customerdata.departments.saas.IssuedTokens;
import io.customerdata.departments.saas.RateWindow;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The help desk as Zendesk Support's API: Basic {@code {email}/token:{api token}} or an
 * OAuth client-credentials token ({@code POST /oauth/tokens}, JSON, 30 minutes, no
 * refresh token); users by id, added by {@code POST users.json}, and found through
 * {@code users/search.json} as Zendesk's search finds them: partial values
 * ({@code email:ann} is every address that starts so, free text any part of a name or
 * address) and only once indexed, a while after they were added; their requested tickets;
 * offset pages linked by an absolute {@code next_page}. The plan's requests a minute,
 * with Zendesk's {@code X-Rate-Limit*} and {@code ratelimit-*} headers and a 429 with
 * {@code Retry-After} past it.
 */
@RestController
@ConditionalOnProperty(name = "department.name", havingValue = "support")
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
class ZendeskController {

	private final HelpDesk helpDesk;

	private final IssuedTokens tokens;

	private final RateWindow plan;

	private final Duration indexingDelay;

	ZendeskController(HelpDesk helpDesk, IssuedTokens tokens, DepartmentProperties department) {
		this.helpDesk = helpDesk;
		this.tokens = tokens;
		DepartmentProperties.Zendesk zendesk = department.saas().zendesk();
		this.plan = new RateWindow(zendesk.limit(), Duration.ofMinutes(1), Clock.systemUTC());
		this.indexingDelay = zendesk.indexingDelay();
	}

	record TokenRequest(@Nullable String grant_type, @Nullable String client_id, @Nullable String client_secret,
			@Nullable String scope) {
	}

	@PostMapping("/oauth/tokens")
	ResponseEntity<?> token(@RequestBody TokenRequest request) {
		String token = "client_credentials".equals(request.grant_type())
				? this.tokens.issue(request.client_id(), request.client_secret()) : null;
		if (token == null) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Map.of("error", "invalid_client", "error_description", "Client authentication failed"));
		}
		return ResponseEntity.ok(Map.of("access_token", token, "token_type", "bearer", "scope",
				(request.scope() != null) ? request.scope() : "read", "expires_in", this.tokens.lifetimeSeconds()));
	}

	@GetMapping("/api/v2/users/{id}.json")
	ResponseEntity<?> user(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			UriComponentsBuilder uri) {
		return answer(authorization,
				() -> this.helpDesk.requester(id)
					.<ResponseEntity<?>>map(
							(requester) -> ResponseEntity.ok(Map.of("user", ZendeskRecords.user(requester, base(uri)))))
					.orElseGet(ZendeskController::notFound));
	}

	/**
	 * List Users: every user here is an end user, so {@code role=end-user} (or none)
	 * lists them all and another role none.
	 */
	@GetMapping("/api/v2/users.json")
	ResponseEntity<?> users(@RequestParam(defaultValue = "end-user") String role,
			@RequestParam(defaultValue = "1") int page,
			@RequestParam(name = "per_page", defaultValue = "100") int perPage,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			UriComponentsBuilder uri) {
		return answer(authorization, () -> {
			List<Requester> users = role.equals("end-user") ? this.helpDesk.search("") : List.of();
			String base = base(uri);
			return ResponseEntity.ok(page(users, page, perPage, "users", (r) -> ZendeskRecords.user(r, base),
					base + "/api/v2/users.json?role=" + ZendeskRecords.encode(role)));
		});
	}

	@GetMapping("/api/v2/users/search.json")
	ResponseEntity<?> search(@RequestParam(defaultValue = "") String query, @RequestParam(defaultValue = "1") int page,
			@RequestParam(name = "per_page", defaultValue = "100") int perPage,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			UriComponentsBuilder uri) {
		return answer(authorization, () -> {
			ZendeskRecords.Query parsed = ZendeskRecords.Query.parse(query);
			String term = parsed.term().toLowerCase(Locale.ROOT);
			Instant indexed = Instant.now().minus(this.indexingDelay);
			List<Requester> matches = ((parsed.field().equals("phone")) ? this.helpDesk.findByPhone(parsed.term())
					: this.helpDesk.search(""))
				.stream()
				.filter((r) -> !parsed.field().equals("email")
						|| Spellings.emailKey(r.email()).startsWith(Spellings.emailKey(term)))
				.filter((r) -> !parsed.field().isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(term)
						|| r.email().toLowerCase(Locale.ROOT).contains(term))
				.filter((r) -> !r.createdAt().isAfter(indexed))
				.toList();
			String base = base(uri);
			return ResponseEntity.ok(page(matches, page, perPage, "users", (r) -> ZendeskRecords.user(r, base),
					base + "/api/v2/users/search.json?query=" + ZendeskRecords.encode(query)));
		});
	}

	/** Zendesk's create-user body, as far as this imitation reads it. */
	record NewUser(@Nullable User user) {

		record User(@Nullable String name, @Nullable String email, @Nullable String phone) {
		}

	}

	@PostMapping("/api/v2/users.json")
	ResponseEntity<?> createUser(@RequestBody NewUser body,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			UriComponentsBuilder uri) {
		return answer(authorization, () -> {
			NewUser.User user = body.user();
			if (user == null || user.name() == null || user.name().isBlank() || user.email() == null
					|| !user.email().contains("@")) {
				return invalid("name", "BlankValue", "Name: cannot be blank");
			}
			return this.helpDesk.register(user.name(), user.email(), user.phone())
				.<ResponseEntity<?>>map((created) -> ResponseEntity.status(HttpStatus.CREATED)
					.body(Map.of("user", ZendeskRecords.user(created, base(uri)))))
				.orElseGet(() -> invalid("email", "DuplicateValue",
						"Email: " + user.email() + " is already being used by another user"));
		});
	}

	@GetMapping("/api/v2/users/{id}/tickets/requested.json")
	ResponseEntity<?> requested(@PathVariable long id, @RequestParam(defaultValue = "1") int page,
			@RequestParam(name = "per_page", defaultValue = "100") int perPage,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			UriComponentsBuilder uri) {
		return answer(authorization, () -> {
			if (this.helpDesk.requester(id).isEmpty()) {
				return notFound();
			}
			String base = base(uri);
			return ResponseEntity.ok(page(this.helpDesk.ticketsOf(id), page, perPage, "tickets",
					(t) -> ZendeskRecords.ticket(t, base), base + "/api/v2/users/" + id + "/tickets/requested.json?"));
		});
	}

	@GetMapping("/api/v2/tickets/{id}.json")
	ResponseEntity<?> ticket(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			UriComponentsBuilder uri) {
		return answer(authorization,
				() -> this.helpDesk.ticket(id)
					.<ResponseEntity<?>>map(
							(ticket) -> ResponseEntity.ok(Map.of("ticket", ZendeskRecords.ticket(ticket, base(uri)))))
					.orElseGet(ZendeskController::notFound));
	}

	private static <T> Map<String, Object> page(List<T> all, int page, int perPage, String key,
			java.util.function.Function<T, Map<String, Object>> render, String link) {
		int size = Math.max(1, Math.min(perPage, 100));
		int number = Math.max(1, page);
		Window<T> window = Window.of(all, (number - 1) * size, size);
		String separator = link.endsWith("?") ? "" : "&";
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(key, window.items().stream().map(render).toList());
		body.put("next_page", (number * size < window.total())
				? link + separator + "page=" + (number + 1) + "&per_page=" + size : null);
		body.put("previous_page",
				(number > 1) ? link + separator + "page=" + (number - 1) + "&per_page=" + size : null);
		body.put("count", window.total());
		return body;
	}

	private ResponseEntity<?> answer(@Nullable String authorization,
			java.util.function.Supplier<ResponseEntity<?>> answer) {
		if (!this.tokens.basicApiTokenValid(authorization) && !this.tokens.bearerValid(authorization)) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "Couldn't authenticate you"));
		}
		RateWindow.Use use = this.plan.take();
		HttpHeaders headers = new HttpHeaders();
		String limit = String.valueOf(use.limit());
		String remaining = String.valueOf(Math.max(0, use.remaining()));
		headers.set("X-Rate-Limit", limit);
		headers.set("X-Rate-Limit-Remaining", remaining);
		headers.set("ratelimit-limit", limit);
		headers.set("ratelimit-remaining", remaining);
		headers.set("ratelimit-reset", String.valueOf(use.resetSeconds()));
		if (!use.allowed()) {
			headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(use.resetSeconds()));
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.headers(headers)
				.body(Map.of("error", "APIRateLimitExceeded", "description",
						"Number of allowed API requests per minute exceeded"));
		}
		ResponseEntity<?> response = answer.get();
		return ResponseEntity.status(response.getStatusCode()).headers(headers).body(response.getBody());
	}

	private static String base(UriComponentsBuilder uri) {
		return uri.cloneBuilder().replacePath("").replaceQuery(null).toUriString();
	}

	private static ResponseEntity<?> invalid(String field, String error, String description) {
		return ResponseEntity.unprocessableContent()
			.body(Map.of("error", "RecordInvalid", "description", "Record validation errors", "details",
					Map.of(field, List.of(Map.of("description", description, "error", error)))));
	}

	private static ResponseEntity<?> notFound() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "RecordNotFound", "description", "Not found"));
	}

}
