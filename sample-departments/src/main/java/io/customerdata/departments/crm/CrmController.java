package io.customerdata.departments.crm;

import java.util.List;
import java.util.Map;

import io.customerdata.departments.Window;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CRM's REST API: accounts looked up by id, contact e-mail or phone, or searched by
 * text.
 */
@RestController
@RequestMapping("/accounts")
@ConditionalOnProperty(name = "department.name", havingValue = "crm")
@ConditionalOnProperty(name = "department.dialect", havingValue = "native", matchIfMissing = true)
class CrmController {

	private final CrmAccounts accounts;

	CrmController(CrmAccounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/{accountId}")
	ResponseEntity<?> account(@PathVariable String accountId) {
		return this.accounts.find(accountId)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> notFound(accountId));
	}

	/**
	 * One of {@code email}, {@code phone} or {@code q} filters; none lists every account.
	 */
	@GetMapping
	Map<String, Object> accounts(@RequestParam @Nullable String email, @RequestParam @Nullable String phone,
			@RequestParam @Nullable String q, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		List<CrmAccount> matches = (email != null) ? this.accounts.findByEmail(email)
				: (phone != null) ? this.accounts.findByPhone(phone) : this.accounts.search((q != null) ? q : "");
		Window<CrmAccount> window = Window.of(matches, page * size, size);
		return Map.of("content", window.items(), "page", Map.of("number", page, "size", size, "totalElements",
				window.total(), "totalPages", (window.total() + size - 1) / size));
	}

	@PostMapping("/{accountId}/notes")
	ResponseEntity<?> addNote(@PathVariable String accountId, @Valid @RequestBody NewNote note,
			@RequestHeader(name = "X-Gateway-Subject", defaultValue = "unknown") String author) {
		return this.accounts.addNote(accountId, author, note.text())
			.<ResponseEntity<?>>map(
					(account) -> ResponseEntity.status(HttpStatus.CREATED).body(account.notes().getLast()))
			.orElseGet(() -> notFound(accountId));
	}

	record NewNote(@NotBlank @Size(max = 4000) String text) {
	}

	private static ResponseEntity<?> notFound(String accountId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "NOT_FOUND", "message", "No account " + accountId));
	}

}
