package io.customerdata.departments.marketing;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.customerdata.departments.DepartmentProperties;
import io.customerdata.departments.Window;
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

/**
 * The marketing tool as HubSpot's CRM v3 contacts API: a private-app token as bearer; GET
 * by id or, with {@code idProperty=email}, by e-mail; POST search with
 * {@code filterGroups} (at most five) or a free-text {@code query}, paged by
 * {@code paging.next.after}, comparing property values as stored ({@code EQ} on
 * {@code phone} matches the text as typed, nothing else). Two limits, as HubSpot
 * documents them: the private app's burst limit over ten seconds, reported in the
 * {@code X-HubSpot-RateLimit-*} headers, and the search endpoints' own limit per second
 * per account, whose answers carry no such headers. Past either: 429 with HubSpot's error
 * body.
 */
@RestController
@ConditionalOnProperty(name = "department.name", havingValue = "marketing")
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
class HubSpotController {

	static final String CONTACTS = "/crm/v3/objects/contacts";

	static final Duration BURST_WINDOW = Duration.ofSeconds(10);

	private final MarketingContacts contacts;

	private final IssuedTokens tokens;

	private final RateWindow burst;

	private final RateWindow searches;

	HubSpotController(MarketingContacts contacts, IssuedTokens tokens, DepartmentProperties department) {
		this.contacts = contacts;
		this.tokens = tokens;
		DepartmentProperties.HubSpot limits = department.saas().hubspot();
		this.burst = new RateWindow(limits.burstLimit(), BURST_WINDOW, Clock.systemUTC());
		this.searches = new RateWindow(limits.searchPerSecond(), Duration.ofSeconds(1), Clock.systemUTC());
	}

	@GetMapping(CONTACTS + "/{id}")
	ResponseEntity<?> contact(@PathVariable String id, @RequestParam(defaultValue = "hs_object_id") String idProperty,
			@RequestParam(defaultValue = "") String properties,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		return answer(authorization, () -> {
			Optional<MarketingContact> found = switch (idProperty) {
				case "email" -> this.contacts.findByEmail(id);
				case "hs_object_id" -> this.contacts.search("")
					.stream()
					.filter((contact) -> HubSpotRecords.id(contact).equals(id))
					.findFirst();
				default -> Optional.empty();
			};
			return found
				.<ResponseEntity<?>>map(
						(contact) -> ResponseEntity.ok(HubSpotRecords.contact(contact, names(properties))))
				.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
					.body(HubSpotRecords.error("OBJECT_NOT_FOUND", "resource not found")));
		});
	}

	/** The search body: HubSpot's fields, as far as this imitation reads them. */
	record Search(@Nullable List<FilterGroup> filterGroups, @Nullable String query, @Nullable List<String> properties,
			@Nullable Integer limit, @Nullable String after) {
	}

	record FilterGroup(List<Filter> filters) {
	}

	record Filter(String propertyName, String operator, @Nullable String value) {
	}

	@PostMapping(CONTACTS + "/search")
	ResponseEntity<?> search(@RequestBody Search search,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		return searchAnswer(authorization, () -> {
			List<FilterGroup> groups = (search.filterGroups() != null) ? search.filterGroups() : List.of();
			int limit = (search.limit() != null) ? search.limit() : 10;
			if (groups.size() > 5 || limit < 1 || limit > 200) {
				return ResponseEntity.badRequest()
					.body(HubSpotRecords.error("VALIDATION_ERROR", "at most 5 filter groups and 200 results a page"));
			}
			List<MarketingContact> matches = ((search.query() != null) ? this.contacts.search(search.query())
					: this.contacts.search(""))
				.stream()
				.filter((contact) -> groups.isEmpty() || groups.stream().anyMatch((g) -> matches(contact, g)))
				.toList();
			int offset = (search.after() != null) ? Integer.parseInt(search.after()) : 0;
			Window<MarketingContact> window = Window.of(matches, offset, limit);
			Set<String> asked = (search.properties() != null) ? Set.copyOf(search.properties()) : Set.of();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("total", window.total());
			body.put("results", window.items().stream().map((c) -> HubSpotRecords.contact(c, asked)).toList());
			if (offset + limit < window.total()) {
				body.put("paging", Map.of("next", Map.of("after", String.valueOf(offset + limit))));
			}
			return ResponseEntity.ok(body);
		});
	}

	/** Every filter of a group holds. */
	private static boolean matches(MarketingContact contact, FilterGroup group) {
		Map<String, String> properties = HubSpotRecords.properties(contact);
		return group.filters().stream().allMatch((filter) -> {
			String actual = properties.get(filter.propertyName());
			String wanted = (filter.value() != null) ? filter.value() : "";
			if (actual == null) {
				return filter.operator().equals("NOT_HAS_PROPERTY");
			}
			return switch (filter.operator()) {
				case "EQ" -> actual.equalsIgnoreCase(wanted);
				case "CONTAINS_TOKEN" ->
					actual.toLowerCase(Locale.ROOT).contains(wanted.replace("*", "").toLowerCase(Locale.ROOT));
				case "HAS_PROPERTY" -> true;
				default -> false;
			};
		});
	}

	private ResponseEntity<?> answer(@Nullable String authorization, Supplier<ResponseEntity<?>> answer) {
		if (!this.tokens.apiTokenValid(authorization)) {
			return unauthenticated();
		}
		RateWindow.Use use = this.burst.take();
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-HubSpot-RateLimit-Max", String.valueOf(use.limit()));
		headers.set("X-HubSpot-RateLimit-Remaining", String.valueOf(Math.max(0, use.remaining())));
		headers.set("X-HubSpot-RateLimit-Interval-Milliseconds", String.valueOf(BURST_WINDOW.toMillis()));
		if (!use.allowed()) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.headers(headers)
				.body(rateLimited("ten_secondly_rolling", "TEN_SECONDLY_ROLLING"));
		}
		ResponseEntity<?> response = answer.get();
		return ResponseEntity.status(response.getStatusCode()).headers(headers).body(response.getBody());
	}

	/** A search: its own limit, and no rate-limit headers whatever the answer. */
	private ResponseEntity<?> searchAnswer(@Nullable String authorization, Supplier<ResponseEntity<?>> answer) {
		if (!this.tokens.apiTokenValid(authorization)) {
			return unauthenticated();
		}
		if (!this.searches.take().allowed()) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(rateLimited("secondly", "SECONDLY"));
		}
		return answer.get();
	}

	private static ResponseEntity<?> unauthenticated() {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.body(HubSpotRecords.error("INVALID_AUTHENTICATION",
					"Authentication credentials not found. This API supports OAuth 2.0 authentication."));
	}

	private static Map<String, Object> rateLimited(String limit, String policy) {
		return Map.of("status", "error", "message", "You have reached your " + limit + " limit.", "errorType",
				"RATE_LIMIT", "correlationId", UUID.randomUUID().toString(), "policyName", policy);
	}

	private static Set<String> names(String properties) {
		return Arrays.stream(properties.split(","))
			.map(String::strip)
			.filter((p) -> !p.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

}
