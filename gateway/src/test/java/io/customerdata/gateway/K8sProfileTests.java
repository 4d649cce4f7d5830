package io.customerdata.gateway;

import io.customerdata.gateway.testing.OwnEventLoops;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code k8s} profile refuses settings that are for measurements and demos only, at
 * start-up, saying which.
 */
class K8sProfileTests {

	/** A reference only: the test never fetches the bundle. */
	static final String BUNDLE_TOKEN = "--gateway.policy.bundle.token=file:/run/secrets/bundle-token";

	@Test
	void refusesToStartWithoutABundleToken() {
		assertThatThrownBy(() -> start()).rootCause()
			.hasMessageContaining("gateway.policy.bundle.token is required here")
			.hasMessageContaining("the token OPA fetches the bundle with");
	}

	@Test
	void refusesToStartWithAuditingOff() {
		assertThatThrownBy(() -> start("--gateway.audit.enabled=false", BUNDLE_TOKEN)).rootCause()
			.hasMessageContaining("gateway.audit.enabled=false is refused here")
			.hasMessageContaining("every disclosure must be audited");
	}

	private static void start(String... settings) {
		String[] args = new String[settings.length + 4];
		args[0] = "--spring.profiles.active=k8s";
		args[1] = "--server.port=0";
		args[2] = "--management.server.port=0";
		args[3] = "--gateway.enforcement.pseudonym-key=test-only-pseudonym-key";
		System.arraycopy(settings, 0, args, 4, settings.length);
		new SpringApplicationBuilder(CustomerDataGatewayApplication.class, OwnEventLoops.class).run(args).close();
	}

}
