package io.customerdata.gateway.policy;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /opa/bundles/customer-gateway.tar.gz}: the policy in force, for OPA sidecars
 * to poll. The ETag is the bundle's revision, so a poll with {@code If-None-Match} costs
 * a 304 until the policy changes.
 */
@RestController
class OpaBundleController {

	static final String PATH = "/opa/bundles/customer-gateway.tar.gz";

	private final OpaBundle bundle;

	OpaBundleController(OpaBundle bundle) {
		this.bundle = bundle;
	}

	@GetMapping(PATH)
	ResponseEntity<byte[]> bundle() {
		OpaBundle.Built built = this.bundle.current();
		return ResponseEntity.ok()
			.eTag(built.revision())
			.contentType(MediaType.parseMediaType("application/gzip"))
			.body(built.archive());
	}

}
