package io.customerdata.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryTokenBucketsTests {

	final AtomicLong now = new AtomicLong();

	final InMemoryTokenBuckets buckets = new InMemoryTokenBuckets(
			Map.of("subject", new RateLimitProperties.Limit(2, 3), "client", new RateLimitProperties.Limit(100, 100)),
			this.now::get);

	@Test
	void aBurstUpToCapacityThenRefusedUntilTokensComeBack() {
		for (int i = 0; i < 3; i++) {
			assertThat(take("alice")).as("request " + i).isTrue();
		}
		assertThat(take("alice")).isFalse();

		this.now.addAndGet(499_000_000L);
		assertThat(take("alice")).as("not yet a whole token").isFalse();
		this.now.addAndGet(2_000_000L);
		assertThat(take("alice")).as("one token after half a second at 2/s").isTrue();
		assertThat(take("alice")).isFalse();
	}

	@Test
	void eachKeyHasItsOwnBucketAndABucketNeverHoldsMoreThanItsCapacity() {
		for (int i = 0; i < 3; i++) {
			take("alice");
		}
		assertThat(take("bob")).isTrue();

		this.now.addAndGet(60_000_000_000L);
		for (int i = 0; i < 3; i++) {
			assertThat(take("alice")).isTrue();
		}
		assertThat(take("alice")).as("capacity 3, however long it rested").isFalse();
	}

	private boolean take(String key) {
		return this.buckets.tryTake("subject", key).block();
	}

}
