package io.customerdata.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeriodicTests {

	@Test
	void aTickThatThrowsDoesNotEndTheInterval() {
		Periodic periodic = new Periodic();
		AtomicInteger ticks = new AtomicInteger();
		periodic.every(Duration.ZERO, Duration.ofMillis(10), "failing work", () -> {
			ticks.incrementAndGet();
			throw new IllegalStateException("database away");
		});
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() >= 3);
			assertThat(periodic.isRunning()).isTrue();
		}
		finally {
			periodic.stop();
		}
	}

	@Test
	void stoppedItRunsNoMore() {
		Periodic periodic = new Periodic();
		AtomicInteger ticks = new AtomicInteger();
		assertThat(periodic.isRunning()).as("nothing started yet").isFalse();
		periodic.every(Duration.ZERO, Duration.ofMillis(10), "work", ticks::incrementAndGet);
		periodic.every(Duration.ZERO, Duration.ofMillis(10), "other work", ticks::incrementAndGet);
		await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() >= 2);

		periodic.stop();
		int stoppedAt = ticks.get();

		assertThat(periodic.isRunning()).isFalse();
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> ticks.get() == stoppedAt);
	}

}
