package io.customerdata.gateway.observability;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the {@code k8s} profile every log line is one JSON document (Elastic Common Schema),
 * as a cluster's log pipeline expects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.enforcement.pseudonym-key=test-only-pseudonym-key",
				"gateway.policy.bundle.token=file:/run/secrets/bundle-token" })
@ActiveProfiles("k8s")
@ExtendWith(OutputCaptureExtension.class)
class KubernetesProfileLogTests {

	@Test
	void everyLineIsAnEcsJsonDocument(CapturedOutput output) {
		// From the first line the application logged on: the test framework's own lines
		// come before it.
		List<String> lines = output.getOut()
			.lines()
			.dropWhile((line) -> !line.startsWith("{"))
			.filter((line) -> !line.isBlank())
			.toList();
		JsonMapper json = JsonMapper.builder().build();

		assertThat(lines).isNotEmpty().allSatisfy((line) -> {
			JsonNode document = json.readTree(line);
			assertThat(document.path("@timestamp").asString()).isNotEmpty();
			assertThat(document.path("log").path("level").asString()).isNotEmpty();
			assertThat(document.path("service").path("name").asString()).isEqualTo("customer-data-gateway");
		});
		assertThat(lines).anyMatch((line) -> line.contains("Policy version"));
	}

}
