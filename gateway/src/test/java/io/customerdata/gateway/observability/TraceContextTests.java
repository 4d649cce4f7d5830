package io.customerdata.gateway.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextTests {

	@Test
	void continuesAValidTraceparent() {
		TraceContext trace = TraceContext.continueOrStart("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(trace.spanId()).isNotEqualTo("00f067aa0ba902b7").matches("[0-9a-f]{16}");
		assertThat(trace.traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
	}

	@Test
	void startsANewTraceForMissingOrInvalidHeaders() {
		for (String invalid : new String[] { null, "", "garbage", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
				"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01" }) {
			assertThat(TraceContext.continueOrStart(invalid).traceId()).matches("[0-9a-f]{32}")
				.isNotEqualTo("0".repeat(32));
		}
	}

}
