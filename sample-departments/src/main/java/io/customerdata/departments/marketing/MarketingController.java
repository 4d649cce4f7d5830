package io.customerdata.departments.marketing;

import java.util.List;
import java.util.Map;

import io.customerdata.departments.Window;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The marketing tool's REST API: contacts by e-mail, leads by id, phone lookup and
 * search.
 */
@RestController
@ConditionalOnProperty(name = "department.name", havingValue = "marketing")
@ConditionalOnProperty(name = "department.dialect", havingValue = "native", matchIfMissing = true)
class MarketingController {

	private final MarketingContacts contacts;

	MarketingController(MarketingContacts contacts) {
		this.contacts = contacts;
	}

	@GetMapping("/contacts/{email}")
	ResponseEntity<?> contact(@PathVariable String email) {
		return this.contacts.findByEmail(email)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(MarketingController::notFound);
	}

	@GetMapping("/leads/{leadId}")
	ResponseEntity<?> lead(@PathVariable String leadId) {
		return this.contacts.findByLeadId(leadId)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(MarketingController::notFound);
	}

	/**
	 * {@code phone} finds at most one contact; {@code q} searches names and addresses.
	 */
	@GetMapping("/contacts")
	Map<String, Object> contacts(@RequestParam @Nullable String phone, @RequestParam @Nullable String q,
			@RequestParam(defaultValue = "0") @Min(0) int offset,
			@RequestParam(defaultValue = "25") @Min(1) @Max(200) int limit) {
		List<MarketingContact> matches = (phone != null) ? this.contacts.findByPhone(phone).stream().toList()
				: this.contacts.search((q != null) ? q : "");
		Window<MarketingContact> window = Window.of(matches, offset, limit);
		return Map.of("items", window.items(), "offset", offset, "limit", limit, "total", window.total());
	}

	private static ResponseEntity<?> notFound() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("code", 404, "reason", "contact-not-found"));
	}

}
