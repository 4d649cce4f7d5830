package io.customerdata.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.SecretReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /opa/bundles/customer-gateway.tar.gz}: the policy in force, for OPA sidecars
 * to poll. The ETag is the bundle's revision, so a poll with {@code If-None-Match} costs
 * a 304 until the policy changes. Only a poll with the bearer token of
 * {@code gateway.policy.bundle.token} gets it (compared in constant time); without one
 * configured, nobody does: the bundle tells who may see what, and its personal grants
 * name who holds a grant for which customer.
 */
@RestController
class OpaBundleController {

	static final String PATH = "/opa/bundles/customer-gateway.tar.gz";

	private final OpaBundle bundle;

	private final @Nullable SecretReference token;

	OpaBundleController(OpaBundle bundle, PolicyProperties properties) {
		this.bundle = bundle;
		String token = properties.bundle().token();
		this.token = (token != null) ? SecretReference.of(token, Clock.systemUTC()) : null;
	}

	@GetMapping(PATH)
	Mono<ResponseEntity<byte[]>> bundle(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		Mono<Void> allowed = (this.token == null)
				? Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED,
						"The policy bundle is served only with a bundle token, and none is configured."))
				: this.token.value().flatMap((expected) -> {
					byte[] presented = String.valueOf(authorization).getBytes(StandardCharsets.UTF_8);
					return MessageDigest.isEqual(presented, ("Bearer " + expected).getBytes(StandardCharsets.UTF_8))
							? Mono.empty() : Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED,
									"The policy bundle needs the bundle token."));
				});
		return allowed.then(Mono.fromSupplier(() -> {
			OpaBundle.Built built = this.bundle.current();
			return ResponseEntity.ok()
				.eTag(built.revision())
				.contentType(MediaType.parseMediaType("application/gzip"))
				.body(built.archive());
		}));
	}

}
