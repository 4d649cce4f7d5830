package io.customerdata.departments.support;

import java.util.List;
import java.util.Map;

import io.customerdata.departments.Window;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The help desk's REST API, versioned under /api/v2 the way hosted help desks are. */
@RestController
@RequestMapping("/api/v2")
@ConditionalOnProperty(name = "department.name", havingValue = "support")
@ConditionalOnProperty(name = "department.dialect", havingValue = "native", matchIfMissing = true)
class SupportController {

	private final HelpDesk helpDesk;

	SupportController(HelpDesk helpDesk) {
		this.helpDesk = helpDesk;
	}

	@GetMapping("/requesters/{id}")
	ResponseEntity<?> requester(@PathVariable long id) {
		return this.helpDesk.requester(id)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(SupportController::notFound);
	}

	/** Exact lookup by {@code email} or {@code phone}. */
	@GetMapping("/requesters")
	Map<String, Object> lookup(@RequestParam @Nullable String email, @RequestParam @Nullable String phone) {
		List<Requester> matches = (email != null) ? this.helpDesk.findByEmail(email).stream().toList()
				: (phone != null) ? this.helpDesk.findByPhone(phone) : List.of();
		return Map.of("requesters", matches, "count", matches.size());
	}

	@GetMapping("/requesters/search")
	Map<String, Object> search(@RequestParam(defaultValue = "") String query,
			@RequestParam(defaultValue = "1") @Min(1) int page,
			@RequestParam(name = "per_page", defaultValue = "25") @Min(1) @Max(100) int perPage,
			UriComponentsBuilder uri) {
		Window<Requester> window = Window.of(this.helpDesk.search(query), (page - 1) * perPage, perPage);
		boolean more = page * perPage < window.total();
		String next = more ? uri.path("/api/v2/requesters/search")
			.queryParam("query", query)
			.queryParam("page", page + 1)
			.queryParam("per_page", perPage)
			.encode()
			.toUriString() : null;
		java.util.HashMap<String, Object> body = new java.util.HashMap<>();
		body.put("requesters", window.items());
		body.put("count", window.total());
		body.put("next_page", next);
		return body;
	}

	@GetMapping("/requesters/{id}/tickets")
	ResponseEntity<?> tickets(@PathVariable long id) {
		if (this.helpDesk.requester(id).isEmpty()) {
			return notFound();
		}
		return ResponseEntity.ok(Map.of("tickets", this.helpDesk.ticketsOf(id)));
	}

	@GetMapping("/tickets/{id}")
	ResponseEntity<?> ticket(@PathVariable long id) {
		return this.helpDesk.ticket(id)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(SupportController::notFound);
	}

	@PostMapping("/tickets")
	ResponseEntity<?> open(@Valid @RequestBody NewTicket ticket) {
		if (this.helpDesk.requester(ticket.requesterId()).isEmpty()) {
			return notFound();
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.helpDesk.open(ticket.requesterId(), ticket.subject(), ticket.description(), ticket.priority()));
	}

	record NewTicket(long requesterId, @NotBlank @Size(max = 200) String subject,
			@NotBlank @Size(max = 10_000) String description,
			@NotBlank @Pattern(regexp = "low|normal|high|urgent") String priority) {
	}

	private static ResponseEntity<?> notFound() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "RecordNotFound", "description", "Not found"));
	}

}
