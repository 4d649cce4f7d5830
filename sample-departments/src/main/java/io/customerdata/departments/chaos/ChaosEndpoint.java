package io.customerdata.departments.chaos;

import java.time.Duration;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/chaos} on the management port: read or change latency and error rate
 * at run time, e.g. {@code curl -X POST -H 'Content-Type: application/json' -d
 * '{"latencyMillis":800,"errorRate":0}' :9081/actuator/chaos}.
 */
@Component
@Endpoint(id = "chaos")
class ChaosEndpoint {

	private final Chaos chaos;

	ChaosEndpoint(Chaos chaos) {
		this.chaos = chaos;
	}

	@ReadOperation
	Chaos.Settings settings() {
		return this.chaos.settings();
	}

	@WriteOperation
	Chaos.Settings change(long latencyMillis, double errorRate) {
		this.chaos.change(new Chaos.Settings(Duration.ofMillis(latencyMillis), errorRate));
		return this.chaos.settings();
	}

}
